#pragma once

#include <chrono>
#include <cstdint>

#include <caf/error.hpp>

namespace meterhub::mercury {

/// How the profile pointer's address and the record addresses relate (protocol.hpp note 6).
enum class profile_addressing : std::uint8_t {
  byte_address, ///< Mercury 230/236 (D2, PZ m230): the pointer is the record's byte address, 16-bit, wrapping
  record_index, ///< Mercury 234 firmware ≥ 9 (PZ m234, unverified): address = pointer × 16 over 17 bits
};

/// What a device profile says about one Mercury model and site; the codec needs nothing else.
struct options {
  unsigned phases = 3;              ///< 1 or 3: which phase values a poll asks for
  unsigned tariffs = 4;             ///< 0…4 tariff registers to read besides the total
  double energy_wh_per_count = 1.0; ///< energy arrays: 1 Wh for a meter constant of 1000 imp/kWh
  unsigned meter_constant = 1000;   ///< A in imp/kWh; power profile counts are 500 / A Wh each (note 9)
  std::chrono::minutes utc_offset{0}; ///< the meter clock's local time ahead of UTC
  bool meter_switches_dst = false;    ///< summer stamps are utc_offset + 1 h (the meter runs seasonal time)
  bool profile_stamp_is_end = true;   ///< a record's stamp is its period's end (note 8)
  profile_addressing addressing = profile_addressing::byte_address;

  /// Wh (varh) per power-profile count: 1000 / (2 A).
  double profile_wh_per_count() const noexcept { return 500.0 / static_cast<double>(meter_constant); }
};

/// `bad_argument` naming the first field out of range (phases not 1 / 3, tariffs above 4, a scale that is not a
/// positive finite number, a meter constant of 0, an offset beyond ±18 h); no error otherwise.
caf::error check(const options& o);

} // namespace meterhub::mercury

#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/neva/address.hpp"
#include "meterhub/neva/model.hpp"

/// The register table's row type and lookup, shared by the table, its converters and to_readings.
namespace meterhub::neva::detail {

/// Which F values a register answers to.
enum class f_range : std::uint8_t {
  current, ///< FF only
  months,  ///< FF (now) or 00..0B (start of this month and the 11 before it)
  days,    ///< 00..7F (start of today and the 127 days before it); FF is not an entry
};

/// True when `range` has an entry F.
bool accepts(f_range range, std::uint8_t f) noexcept;

/// Model families as bits, so a row can name several.
inline constexpr std::uint8_t mt3 = 1u << static_cast<int>(model_family::three_phase);
inline constexpr std::uint8_t mt3r = 1u << static_cast<int>(model_family::three_phase_reactive);
inline constexpr std::uint8_t mt1 = 1u << static_cast<int>(model_family::single_phase);
inline constexpr std::uint8_t three = mt3 | mt3r;
inline constexpr std::uint8_t every = mt3 | mt3r | mt1;
inline constexpr std::uint8_t nobody = 0;

constexpr std::uint8_t bit_of(model_family family) noexcept {
  return static_cast<std::uint8_t>(1u << static_cast<int>(family));
}

struct register_entry;

/// One conversion: the row, the address asked for and the caller's time and options.
struct conversion {
  const register_entry& entry;
  register_address address;
  std::int64_t time_ms;
  std::uint32_t flags; ///< flag::backfilled for archive entries
  const model_options& options;
};

/// Turns a reply into readings for the row in `conversion` (none for registers the platform does not publish).
using converter = caf::expected<std::vector<reading>> (*)(const conversion&, std::string_view reply);

/// One register of spec §5.
struct register_entry {
  std::uint32_t cde;          ///< C, D, E as 0xCCDDEE, the notation of the spec
  f_range archive;            ///< the F values it answers to
  std::uint8_t families;      ///< families where the register has this meaning
  std::uint8_t polled_by;     ///< families whose instantaneous poll reads it
  std::string_view quantity;  ///< published quantity; for lists the prefix before ".0" … ".4"; "" = unpublished
  meterhub::unit unit;        ///< unit of the published values
  converter convert;          ///< reply → readings
  std::string_view meaning;   ///< for listings and messages
  std::uint8_t d_count = 1;   ///< consecutive D values the row covers (day schedules 01..24)

  constexpr std::uint8_t c() const noexcept { return static_cast<std::uint8_t>(cde >> 16); }
  constexpr std::uint8_t d() const noexcept { return static_cast<std::uint8_t>(cde >> 8); }
  constexpr std::uint8_t e() const noexcept { return static_cast<std::uint8_t>(cde); }
};

/// Every row, in poll order.
std::span<const register_entry> register_table() noexcept;

/// The row for the address's C, D, E that applies to `family`, ignoring F; nullptr when there is none.
const register_entry* find_entry(register_address reg, model_family family) noexcept;

} // namespace meterhub::neva::detail

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/mercury/options.hpp"
#include "meterhub/mercury/request.hpp"

/// What a device profile's poll groups name (`items:` of a mercury23x profile, validated by the profile loader with
/// item_from_string): the requests one poll of an item needs and their replies as the platform's readings.
///
/// Requests per item (phases 3 / phases 1):
///   power           08 16 00 (Σ, L1…L3)      / 08 11 00      → 1-0:1.7.0, 21/41/61.7.0; export 2, 22/42/62.7.0
///   reactive_power  08 16 04                 / 08 11 04      → 1-0:3.7.0, 23/43/63.7.0; export 4, 24/44/64.7.0
///   apparent_power  08 16 08                 / 08 11 08      → 1-0:9.7.0, 29/49/69.7.0
///   voltage         08 16 11 (L1…L3)         / 08 11 11      → 1-0:32/52/72.7.0 V
///   current         08 16 21                 / 08 11 21      → 1-0:31/51/71.7.0 A
///   power_factor    08 16 30 (Σ, L1…L3)      / 08 11 30      → 1-0:13/33/53/73.7.0 (negative when exporting)
///   frequency       08 11 40                                 → 1-0:14.7.0 Hz
///   angles          08 16 51 (3 values)      / none          → 1-0:81.7.10, 81.7.20, 81.7.21 degree
///   ku              08 11 61, 62, 63         / 08 11 61      → x:ku.1…3
///   temperature     08 11 70                                 → x:temperature °C
///   energy_total    05 00 00                                 → 1-0:1.8.0, 2.8.0 Wh, 3.8.0, 4.8.0 varh
///   energy_tariffs  05 00 0T, T = 1…tariffs                  → 1-0:1.8.T, 2.8.T, 3.8.T, 4.8.T
///   energy_phases   05 60 00                                 → 1-0:21.8.0, 41.8.0, 61.8.0 Wh (L1 only for 1 phase)
/// Powers come in W / var / VA with positive values (the direction picks the code); energies are counts ×
/// `energy_wh_per_count`. Values the meter marks "not measured" (FF…) give no reading.
namespace meterhub::mercury {

/// A pollable quantity group of a Mercury 23x meter.
enum class item : std::uint8_t {
  power,
  reactive_power,
  apparent_power,
  voltage,
  current,
  power_factor,
  frequency,
  angles,
  ku,
  temperature,
  energy_total,
  energy_tariffs,
  energy_phases,
};

/// Every item, in declaration order.
inline constexpr std::array<item, 13> all_items{
  item::power,       item::reactive_power, item::apparent_power, item::voltage,      item::current,
  item::power_factor, item::frequency,     item::angles,         item::ku,           item::temperature,
  item::energy_total, item::energy_tariffs, item::energy_phases,
};

/// The item's profile name ("reactive_power").
std::string_view to_string(item i) noexcept;

/// Parses a name produced by `to_string` (exact match); nullopt when unknown.
std::optional<item> item_from_string(std::string_view name) noexcept;

/// The requests one poll of `i` needs, in order (empty when the meter's options leave nothing to read).
std::vector<request> item_requests(item i, const options& o);

/// The readings in the reply `data` to a live-value request (read_aux, or read_energy of arrays 0 and 6), all at
/// `time_ms`. `bad_argument` for other requests (archives and the profile have backfill.hpp), `bad_length` for
/// data that does not fit the request.
caf::expected<std::vector<reading>> readings_of(const request& r, std::span<const std::uint8_t> data,
                                                const options& o, std::int64_t time_ms);

} // namespace meterhub::mercury

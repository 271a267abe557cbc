#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/core/reading.hpp"
#include "meterhub/dsmr/telegram.hpp"

/// From a parsed telegram to readings in the platform's vocabulary: OBIS quantities, SI units by exact decimal
/// scaling, UTC times (spec §6–§10).
namespace meterhub::dsmr {

/// The meter's wall-clock zone (spec §10). EU zones: CET/CEST with the EU rule (last Sunday of March 01:00 UTC to
/// last Sunday of October 01:00 UTC), computed in pure code; fixed: a constant offset (Swedish standard time).
struct time_zone {
  int std_offset_minutes = 60;
  bool eu_dst = true;

  static time_zone eu_central() { return {60, true}; }
  static time_zone fixed(int offset_minutes) { return {offset_minutes, false}; }
  /// "Europe/Amsterdam", "Europe/Brussels", "Europe/Luxembourg", "Europe/Budapest" or "+01:00"/"-03:30".
  static std::optional<time_zone> parse(std::string_view name);
};

/// A meter timestamp converted to UTC.
struct meter_time {
  std::int64_t unix_ms = 0;
  bool summer = false;    ///< the meter said S (or the zone rules did, for 12-digit times)
  bool ambiguous = false; ///< 12-digit time in the repeated autumn hour: standard time was assumed
};

/// Parses "YYMMDDhhmmss[SW]" (13 characters) or the 12-digit DSMR 2.2/3.0 form; nullopt for invalid values such
/// as the placeholder "632525252525W". utc = wall − std_offset − (S ? 1 h : 0).
std::optional<meter_time> parse_meter_time(std::string_view text, const time_zone& zone) noexcept;

/// True when EU summer time is in force at this instant (last Sunday of March 01:00 UTC to last Sunday of October
/// 01:00 UTC).
bool eu_summer_time(std::int64_t utc_ms) noexcept;

/// The meter's "YYMMDDhhmmssX" for an instant: the inverse of `parse_meter_time` (simulators, tests).
std::string format_meter_time(std::int64_t utc_ms, const time_zone& zone);

struct reading_options {
  time_zone zone = time_zone::eu_central();
  /// Time for readings when the telegram has no timestamp (DSMR 2.2/3.0): the receive time.
  std::int64_t fallback_time_ms = 0;
};

/// Every value of the telegram as readings. Text values carry `text`; placeholders give no reading.
std::vector<reading> to_readings(const telegram& t, const reading_options& opts);

/// The equipment id (0-0:96.1.1 or 0-0:96.1.0, hex-decoded when printable), empty when absent.
std::string equipment_id(const telegram& t);

/// Groups of values users switch on and off, as in the P1 tools they use today.
enum class value_group : std::uint8_t {
  energy,
  active_power,
  reactive_power,
  phase_power,
  voltage,
  current,
  power_factor,
  other,
};

inline constexpr int value_group_count = 8;

const char* to_string(value_group g) noexcept;
std::optional<value_group> parse_value_group(std::string_view name) noexcept;

/// The group of a reading, by its OBIS C and D groups.
value_group classify(const reading& r) noexcept;

} // namespace meterhub::dsmr

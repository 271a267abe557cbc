#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The meter's tariff tables and which tariff counts energy when (specs/iec61107-neva.md §6 entry formats, §7 step 4
/// and 5 resolution). The imitator uses the same rules the reading side applies, so its archives pass §7.9.
namespace meterhub::iec61107sim {

inline constexpr unsigned schedule_count = 36;     ///< registers 0A.01.64*FF … 0A.24.64*FF
inline constexpr std::size_t schedule_slots = 8;   ///< entries per schedule
inline constexpr std::size_t season_slots = 12;    ///< entries of 0D.00.00*FF
inline constexpr std::size_t special_day_slots = 32; ///< entries of 0B.00.00*FF

/// "HHMMTT": from this minute of the day on, tariff TT (1…4) counts.
struct schedule_entry {
  unsigned minute = 0;
  unsigned tariff = 1;
};

/// "MMDDN1N2N3": from this date on, schedule N1 on Monday–Friday, N2 on Saturday, N3 on Sunday.
struct season_entry {
  unsigned month = 1, day = 1;
  std::array<unsigned, 3> schedules{1, 1, 1};
};

/// "MMDDNN": on this date, schedule NN the whole day (the manual's meaning; vika-sonne reads NN as a tariff).
struct special_day {
  unsigned month = 1, day = 1;
  unsigned schedule = 1;
};

/// Register texts of the tables; nullopt when the count or an entry is wrong. Unused entries (TT = 00, all-zero
/// seasons and special days) are dropped; schedule entries come out sorted by time.
std::optional<std::vector<schedule_entry>> parse_schedule(std::string_view text);
std::optional<std::vector<season_entry>> parse_seasons(std::string_view text);
std::optional<std::vector<special_day>> parse_special_days(std::string_view text);

/// The imitator's factory tables: schedule 1 = T1 07:00–23:00 and T2 at night, schedule 2 = T2 all day, every other
/// schedule empty; one season from 01-01 using schedule 1 on every day; 01-01, 01-07 and 05-09 are special days on
/// schedule 2.
std::string default_schedule_text(unsigned number);
std::string default_seasons_text();
std::string default_special_days_text();

/// All tables at one moment.
struct tariff_calendar {
  std::array<std::vector<schedule_entry>, schedule_count> schedules; ///< index = number − 1
  std::vector<season_entry> seasons;
  std::vector<special_day> special_days;

  /// The schedule number in force on `day` (days since 1970-01-01): special day, else season and weekday, else 1.
  unsigned schedule_for(std::int64_t day) const;
  /// The tariff (1…4) at `minute` of `day`: the last entry at or before it, else the day's last entry (it carries
  /// over midnight), else T1.
  unsigned tariff_at(std::int64_t day, unsigned minute) const;
  /// 1-based position of the season in force on `day` among the used entries; 0 when there is none.
  unsigned season_number(std::int64_t day) const;
};

} // namespace meterhub::iec61107sim

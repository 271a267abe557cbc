#include "tariff_calendar.hpp"

#include <algorithm>

#include "meter_time.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/neva/tariff_tables.hpp"
#include "meterhub/tariff/plan.hpp"
#include "meterhub/tariff/schedule.hpp"

namespace meterhub::iec61107sim {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ",") + item;
  return out;
}

std::string repeated(std::vector<std::string> head, std::size_t count, const std::string& unused) {
  head.resize(count, unused);
  return join(head);
}

bool valid_schedule(unsigned n) {
  return n >= 1 && n <= schedule_count;
}

/// The imitator's tables in the form the platform's tariff library resolves (special days name schedules).
tariff::calendar to_calendar(const std::vector<season_entry>& seasons, const std::vector<special_day>& special) {
  tariff::calendar out;
  for (const auto& s : seasons)
    out.seasons.push_back({static_cast<std::uint8_t>(s.month), static_cast<std::uint8_t>(s.day),
                           static_cast<std::uint8_t>(s.schedules[0]), static_cast<std::uint8_t>(s.schedules[1]),
                           static_cast<std::uint8_t>(s.schedules[2])});
  for (const auto& d : special)
    out.special_days.push_back({static_cast<std::uint8_t>(d.month), static_cast<std::uint8_t>(d.day),
                                static_cast<std::uint8_t>(d.schedule)});
  return out;
}

tariff::civil_date date_of(std::int64_t day) {
  const auto c = civil_from_days(day);
  return {c.year, c.month, c.day};
}

} // namespace

// The tables are decoded by the platform's NEVA codec and resolved by its tariff library: the imitator answers
// with the same rules the reading side applies, and they are written once.
std::optional<std::vector<schedule_entry>> parse_schedule(std::string_view text) {
  auto decoded = neva::decode_day_schedule(text);
  if (!decoded)
    return std::nullopt;
  std::vector<schedule_entry> out;
  for (const auto& p : decoded->points)
    out.push_back({p.minute_of_day, p.tariff});
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.minute < b.minute; });
  return out;
}

std::optional<std::vector<season_entry>> parse_seasons(std::string_view text) {
  auto decoded = neva::decode_seasons(text);
  if (!decoded)
    return std::nullopt;
  std::vector<season_entry> out;
  for (const auto& s : *decoded)
    out.push_back({s.month, s.day, {s.weekday_schedule, s.saturday_schedule, s.sunday_schedule}});
  return out;
}

std::optional<std::vector<special_day>> parse_special_days(std::string_view text) {
  auto decoded = neva::decode_special_days(text);
  if (!decoded)
    return std::nullopt;
  std::vector<special_day> out;
  for (const auto& d : *decoded) {
    if (!valid_schedule(d.number)) // the imitator keeps the manual's meaning: NN names a schedule
      return std::nullopt;
    out.push_back({d.month, d.day, d.number});
  }
  return out;
}

std::string default_schedule_text(unsigned number) {
  if (number == 1)
    return repeated({"000002", "070001", "230002"}, schedule_slots, "000000");
  if (number == 2)
    return repeated({"000002"}, schedule_slots, "000000");
  return repeated({}, schedule_slots, "000000");
}

std::string default_seasons_text() {
  return repeated({"0101010101"}, season_slots, "0000000000");
}

std::string default_special_days_text() {
  return repeated({"010102", "010702", "050902"}, special_day_slots, "000000");
}

unsigned tariff_calendar::season_number(std::int64_t day) const {
  if (seasons.empty())
    return 0;
  auto plan = tariff::resolve_plan(to_calendar(seasons, {}), date_of(day));
  return plan && plan->season_index ? static_cast<unsigned>(*plan->season_index + 1) : 0;
}

unsigned tariff_calendar::schedule_for(std::int64_t day) const {
  auto plan = tariff::resolve_plan(to_calendar(seasons, special_days), date_of(day));
  return plan ? plan->number : 1;
}

unsigned tariff_calendar::tariff_at(std::int64_t day, unsigned minute) const {
  tariff::day_schedule schedule;
  for (const auto& e : schedules[schedule_for(day) - 1])
    schedule.points.push_back({static_cast<std::uint16_t>(e.minute), static_cast<std::uint8_t>(e.tariff)});
  return tariff::tariff_at(schedule, minute).value_or(1);
}

} // namespace meterhub::iec61107sim

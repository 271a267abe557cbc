#include "tariff_calendar.hpp"

#include <algorithm>

#include "meter_time.hpp"

namespace meterhub::iec61107sim {

namespace {

/// Splits "a,b,c" into exactly `count` fields of `width` characters; nullopt otherwise.
std::optional<std::vector<std::string_view>> fields(std::string_view text, std::size_t count, std::size_t width) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto comma = text.find(',');
    out.push_back(text.substr(0, comma));
    if (out.back().size() != width || out.size() > count)
      return std::nullopt;
    if (comma == std::string_view::npos)
      break;
    text.remove_prefix(comma + 1);
  }
  if (out.size() != count)
    return std::nullopt;
  return out;
}

/// Two decimal digits at `at` of `field`.
unsigned pair_at(std::string_view field, std::size_t at, bool& ok) {
  unsigned v = 0;
  ok = ok && parse_digits(field.substr(at, 2), 2, v);
  return v;
}

bool all_zero(std::string_view field) {
  return field.find_first_not_of('0') == std::string_view::npos;
}

bool valid_month_day(unsigned month, unsigned day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool valid_schedule(unsigned n) {
  return n >= 1 && n <= schedule_count;
}

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

} // namespace

std::optional<std::vector<schedule_entry>> parse_schedule(std::string_view text) {
  const auto items = fields(text, schedule_slots, 6);
  if (!items)
    return std::nullopt;
  std::vector<schedule_entry> out;
  for (const auto field : *items) {
    bool ok = true;
    const unsigned h = pair_at(field, 0, ok), m = pair_at(field, 2, ok), tariff = pair_at(field, 4, ok);
    if (!ok || h > 23 || m > 59 || tariff > 4)
      return std::nullopt;
    if (tariff != 0)
      out.push_back({h * 60 + m, tariff});
  }
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.minute < b.minute; });
  return out;
}

std::optional<std::vector<season_entry>> parse_seasons(std::string_view text) {
  const auto items = fields(text, season_slots, 10);
  if (!items)
    return std::nullopt;
  std::vector<season_entry> out;
  for (const auto field : *items) {
    if (all_zero(field))
      continue;
    bool ok = true;
    season_entry e;
    e.month = pair_at(field, 0, ok);
    e.day = pair_at(field, 2, ok);
    for (std::size_t i = 0; i < 3; ++i)
      e.schedules[i] = pair_at(field, 4 + 2 * i, ok);
    if (!ok || !valid_month_day(e.month, e.day) || !std::all_of(e.schedules.begin(), e.schedules.end(), valid_schedule))
      return std::nullopt;
    out.push_back(e);
  }
  return out;
}

std::optional<std::vector<special_day>> parse_special_days(std::string_view text) {
  const auto items = fields(text, special_day_slots, 6);
  if (!items)
    return std::nullopt;
  std::vector<special_day> out;
  for (const auto field : *items) {
    if (all_zero(field))
      continue;
    bool ok = true;
    special_day d{pair_at(field, 0, ok), pair_at(field, 2, ok), pair_at(field, 4, ok)};
    if (!ok || !valid_month_day(d.month, d.day) || !valid_schedule(d.schedule))
      return std::nullopt;
    out.push_back(d);
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
  const civil_time c = to_civil(day * seconds_per_day);
  const unsigned today = c.month * 100 + c.day;
  // §7 step 4b: the latest start on or before the date; before every start, the latest start (wraps over New Year).
  std::size_t best = seasons.size(), latest = 0;
  for (std::size_t i = 0; i < seasons.size(); ++i) {
    const unsigned start = seasons[i].month * 100 + seasons[i].day;
    const unsigned latest_start = seasons[latest].month * 100 + seasons[latest].day;
    if (start >= latest_start)
      latest = i;
    if (start <= today && (best == seasons.size() || start >= seasons[best].month * 100 + seasons[best].day))
      best = i;
  }
  return static_cast<unsigned>((best == seasons.size() ? latest : best) + 1);
}

unsigned tariff_calendar::schedule_for(std::int64_t day) const {
  const civil_time c = to_civil(day * seconds_per_day);
  for (const auto& s : special_days)
    if (s.month == c.month && s.day == c.day)
      return s.schedule;
  const unsigned season = season_number(day);
  if (season == 0)
    return 1;
  const unsigned w = weekday(day);
  const std::size_t column = w == 0 ? 2 : w == 6 ? 1 : 0;
  return seasons[season - 1].schedules[column];
}

unsigned tariff_calendar::tariff_at(std::int64_t day, unsigned minute) const {
  const auto& entries = schedules[schedule_for(day) - 1];
  if (entries.empty())
    return 1;
  unsigned tariff = entries.back().tariff; // before the first switch: the evening's tariff carries over midnight
  for (const auto& e : entries)
    if (e.minute <= minute)
      tariff = e.tariff;
  return tariff;
}

} // namespace meterhub::iec61107sim

#include "half_hours.hpp"

#include <cstdio>
#include <set>

#include "half_hours_detail.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/iec61107/error.hpp"
#include "meterhub/neva/address.hpp"
#include "meterhub/neva/clock.hpp"
#include "meterhub/neva/tariff_tables.hpp"
#include "meterhub/tariff/plan.hpp"
#include "poll.hpp"

namespace meterhub::iec61107_service {

namespace {

/// "0F8080" + two hex digits of `index`: a register's archive entry.
std::string indexed(const char* cde, int index) {
  char text[16];
  std::snprintf(text, sizeof text, "%s%02X", cde, index);
  return text;
}

} // namespace

namespace detail {

caf::expected<std::string> text_of(const std::vector<iec61107::request_outcome>& outcomes, std::size_t from,
                                   const std::string& address) {
  for (auto i = outcomes.size(); i > from; --i) {
    const auto& o = outcomes[i - 1];
    if (o.request.address != address)
      continue;
    if (!o.reply)
      return o.reply.error();
    return o.reply->value;
  }
  return make_error(iec61107::iec61107_errc::unexpected_message, address + " was not read");
}

std::string start_of_day(int days_ago) {
  return indexed("0F8080", days_ago);
}

std::string profile_of(int days_ago) {
  return indexed("630100", days_ago);
}

std::string start_of_month(int months_ago) {
  return indexed("0F0880", months_ago);
}

} // namespace detail

namespace {

using detail::profile_of;
using detail::start_of_day;
using detail::text_of;
using iec61107::request;
using iec61107::request_outcome;

constexpr const char* special_days_register = "0B0000FF";
constexpr const char* seasons_register = "0D0000FF";
constexpr int max_attempts = 3;

/// Seasons or special days; a meter that refuses the register has none.
template <class Decode>
auto calendar_part(const std::vector<request_outcome>& outcomes, std::size_t from, const std::string& address,
                   Decode decode) -> decltype(decode(std::string_view{})) {
  auto text = text_of(outcomes, from, address);
  if (!text && text.error() == iec61107::iec61107_errc::register_error)
    return typename decltype(decode(std::string_view{}))::value_type{};
  if (!text)
    return std::move(text.error());
  return decode(*text);
}

} // namespace

tariff::civil_date days_before(const tariff::civil_date& d, int days) {
  const auto c = civil_from_days(days_from_civil(d.year, d.month, d.day) - days);
  return {c.year, c.month, c.day};
}

half_hour_job::half_hour_job(std::vector<int> days_ago, neva::model_options model, std::chrono::minutes utc_offset)
  : days_ago_(std::move(days_ago)), model_(model), utc_offset_(utc_offset) {
}

std::vector<request> half_hour_job::first_round() {
  phase_ = phase::clock_and_calendar;
  return {request::read(date_register), request::read(time_register), request::read(special_days_register),
          request::read(seasons_register)};
}

std::vector<request> half_hour_job::next_round(const std::vector<request_outcome>& outcomes) {
  if (phase_ == phase::clock_and_calendar)
    return day_round(outcomes);
  if (phase_ != phase::days)
    return {};
  auto date_now = text_of(outcomes, round_start_, date_register);
  if (date_now && *date_now == meter_date_) {
    build_days(outcomes);
    phase_ = phase::done;
    return {};
  }
  // §7.8: midnight passed on the meter while the day was read; the indexes shifted, so start over.
  if (++attempts_ >= max_attempts) {
    failure_ = make_error(iec61107::iec61107_errc::unexpected_message, "the meter's date changed during each read");
    phase_ = phase::done;
    return {};
  }
  round_start_ = outcomes.size();
  return first_round();
}

std::vector<request> half_hour_job::day_round(const std::vector<request_outcome>& outcomes) {
  phase_ = phase::done;
  auto date_text = text_of(outcomes, round_start_, date_register);
  auto date = date_text ? neva::decode_date(*date_text) : caf::expected<tariff::civil_date>{date_text.error()};
  auto seasons = calendar_part(outcomes, round_start_, seasons_register, neva::decode_seasons);
  auto special = calendar_part(outcomes, round_start_, special_days_register, neva::decode_special_days);
  if (!date || !seasons || !special) {
    failure_ = !date ? date.error() : !seasons ? seasons.error() : special.error();
    return {};
  }
  meter_date_ = *date_text;
  calendar_.seasons = std::move(*seasons);
  calendar_.special_days = std::move(*special);
  std::vector<request> out;
  std::set<std::string> schedules;
  days_.clear();
  for (int i : days_ago_) {
    days_.push_back({i, days_before(*date, i), tariff::day_archive{}, std::nullopt});
    auto plan = tariff::resolve_plan(calendar_, days_.back().date);
    if (plan && plan->kind == tariff::plan_kind::schedule)
      if (auto reg = neva::schedule_address(plan->number); reg && schedules.insert(neva::to_wire(*reg)).second)
        out.push_back(request::read(neva::to_wire(*reg)));
    out.push_back(request::read(start_of_day(i)));
    out.push_back(request::read(profile_of(i)));
    if (i >= 1)
      out.push_back(request::read(start_of_day(i - 1)));
  }
  out.push_back(request::read(date_register)); // §7.8: the date again, to see that midnight did not pass
  phase_ = phase::days;
  return out;
}

} // namespace meterhub::iec61107_service

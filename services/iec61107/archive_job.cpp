#include "archive_job.hpp"

#include "half_hours_detail.hpp"
#include "meterhub/iec61107/error.hpp"
#include "meterhub/neva/address.hpp"
#include "meterhub/neva/clock.hpp"
#include "meterhub/neva/registers.hpp"
#include "poll.hpp"

namespace meterhub::iec61107_service {

namespace {

using iec61107::request;
using iec61107::request_outcome;

constexpr int max_attempts = 3;

/// The entry's register reply as readings at the entry's midnight.
caf::expected<std::vector<reading>> entry_readings(const std::vector<request_outcome>& outcomes, std::size_t from,
                                                   const std::string& address, std::int64_t time_ms,
                                                   const neva::model_options& model) {
  auto text = detail::text_of(outcomes, from, address);
  if (!text)
    return std::move(text.error());
  auto reg = neva::parse_address(address);
  if (!reg)
    return std::move(reg.error());
  return neva::to_readings(*reg, *text, time_ms, model);
}

} // namespace

tariff::civil_date month_start_before(const tariff::civil_date& date, int months) {
  const int index = date.year * 12 + static_cast<int>(date.month) - 1 - months;
  return {index / 12, static_cast<unsigned>(index % 12) + 1, 1};
}

archive_job::archive_job(archive_request what, neva::model_options model, std::chrono::minutes utc_offset)
  : what_(std::move(what)), model_(model), utc_offset_(utc_offset),
    half_hours_(what_.half_hour_days, model, utc_offset) {
}

std::vector<request> archive_job::first_round() {
  stage_ = stage::half_hours;
  return half_hours_.first_round();
}

std::vector<request> archive_job::next_round(const std::vector<request_outcome>& outcomes) {
  if (stage_ == stage::half_hours) {
    if (auto more = half_hours_.next_round(outcomes); !more.empty())
      return more;
    if (half_hours_.failure()) {
      failure_ = half_hours_.failure();
      stage_ = stage::done;
      return {};
    }
    base_date_ = half_hours_.meter_date();
    return entry_round(outcomes.size());
  }
  if (stage_ != stage::entries)
    return {};
  auto date_now = detail::text_of(outcomes, round_start_, date_register);
  auto today = neva::decode_date(base_date_);
  if (date_now && *date_now == base_date_ && today) {
    build_entries(outcomes, *today);
    stage_ = stage::done;
    return {};
  }
  if (!date_now || !today || ++attempts_ >= max_attempts) {
    failure_ = !date_now ? date_now.error()
               : !today  ? today.error()
                         : make_error(iec61107::iec61107_errc::unexpected_message,
                                      "the meter's date changed during each read of its archives");
    stage_ = stage::done;
    return {};
  }
  base_date_ = *date_now; // midnight passed: the indexes shifted, ask again from the new date
  return entry_round(outcomes.size());
}

std::vector<request> archive_job::entry_round(std::size_t outcome_count) {
  if (what_.day_starts.empty() && what_.month_starts.empty()) {
    stage_ = stage::done;
    return {};
  }
  stage_ = stage::entries;
  round_start_ = outcome_count;
  std::vector<request> out;
  for (int i : what_.day_starts)
    out.push_back(request::read(detail::start_of_day(i)));
  for (int i : what_.month_starts)
    out.push_back(request::read(detail::start_of_month(i)));
  out.push_back(request::read(date_register));
  return out;
}

void archive_job::build_entries(const std::vector<request_outcome>& outcomes, const tariff::civil_date& today) {
  entries_.clear();
  for (int i : what_.day_starts) {
    const auto date = days_before(today, i);
    entries_.push_back({date, false, i,
                        entry_readings(outcomes, round_start_, detail::start_of_day(i),
                                       local_midnight_ms(date, utc_offset_), model_)});
  }
  for (int i : what_.month_starts) {
    const auto date = month_start_before(today, i);
    entries_.push_back({date, true, i,
                        entry_readings(outcomes, round_start_, detail::start_of_month(i),
                                       local_midnight_ms(date, utc_offset_), model_)});
  }
}

} // namespace meterhub::iec61107_service

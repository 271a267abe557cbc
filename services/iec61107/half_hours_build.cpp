#include <span>

#include "half_hours.hpp"
#include "half_hours_detail.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/iec61107/error.hpp"
#include "meterhub/neva/address.hpp"
#include "meterhub/neva/clock.hpp"
#include "meterhub/neva/profile.hpp"
#include "meterhub/neva/tariff_tables.hpp"
#include "meterhub/neva/values.hpp"
#include "meterhub/tariff/consistency.hpp"
#include "meterhub/tariff/energy.hpp"
#include "meterhub/tariff/plan.hpp"
#include "meterhub/tariff/schedule.hpp"
#include "poll.hpp"

// Building the days once every register of the round has answered.
namespace meterhub::iec61107_service {

namespace {

using iec61107::request_outcome;

using detail::profile_of;
using detail::start_of_day;
using detail::text_of;

/// Start-of-day registers (0F.80.80*i) in mWh.
caf::expected<tariff::register_set> start_registers(const std::vector<request_outcome>& outcomes, std::size_t from,
                                                    int days_ago) {
  auto text = text_of(outcomes, from, start_of_day(days_ago));
  if (!text)
    return std::move(text.error());
  auto wh = neva::decode_energy_list(*text);
  if (!wh)
    return std::move(wh.error());
  tariff::register_set out{};
  for (std::size_t t = 0; t < out.size(); ++t)
    out[t] = (*wh)[t] * 1000;
  return out;
}

/// The day's interval energies in mWh from its load profile (63.01.00*i).
caf::expected<std::vector<std::int64_t>> energies(const std::vector<request_outcome>& outcomes, std::size_t from,
                                                  int days_ago) {
  auto text = text_of(outcomes, from, profile_of(days_ago));
  if (!text)
    return std::move(text.error());
  auto profile = neva::decode_load_profile(*text);
  if (!profile)
    return std::move(profile.error());
  std::vector<decimal> watts;
  for (std::size_t i = 0; i < profile->values.size(); ++i)
    watts.push_back(profile->watts(i));
  return tariff::profile_energies_mwh(std::span<const decimal>{watts}, tariff::power_unit::watt);
}

/// The day schedule in force on `date`.
caf::expected<tariff::day_schedule> schedule_of(const tariff::calendar& cal, const tariff::civil_date& date,
                                                const std::vector<request_outcome>& outcomes, std::size_t from) {
  auto plan = tariff::resolve_plan(cal, date);
  if (!plan)
    return std::move(plan.error());
  if (plan->kind == tariff::plan_kind::whole_day_tariff)
    return tariff::whole_day_schedule(plan->number);
  auto reg = neva::schedule_address(plan->number);
  if (!reg)
    return std::move(reg.error());
  auto text = text_of(outcomes, from, neva::to_wire(*reg));
  if (!text)
    return std::move(text.error());
  return neva::decode_day_schedule(*text);
}

/// The meter's minute of day, for today's partial archive.
std::optional<unsigned> meter_minute(const std::vector<request_outcome>& outcomes, std::size_t from) {
  auto text = text_of(outcomes, from, time_register);
  auto t = text ? neva::decode_time(*text) : caf::expected<neva::clock_time>{text.error()};
  if (!t)
    return std::nullopt;
  return static_cast<unsigned>(t->hour * 60 + t->minute);
}

caf::expected<tariff::day_archive> build_one(const archived_day& day, const tariff::calendar& cal,
                                             const std::vector<request_outcome>& outcomes, std::size_t from) {
  auto start = start_registers(outcomes, from, day.days_ago);
  auto interval_energy = energies(outcomes, from, day.days_ago);
  auto schedule = schedule_of(cal, day.date, outcomes, from);
  if (!start || !interval_energy || !schedule)
    return !start ? start.error() : !interval_energy ? interval_energy.error() : schedule.error();
  auto tariffs = tariff::interval_tariffs(*schedule, interval_energy->size());
  if (!tariffs)
    return std::move(tariffs.error());
  std::optional<unsigned> now;
  if (day.days_ago == 0) {
    now = meter_minute(outcomes, from);
    if (!now)
      return make_error(iec61107::iec61107_errc::unexpected_message, "today's archive needs the meter's time");
  }
  return tariff::build_day({*start, std::move(*interval_energy), std::move(*tariffs)}, now);
}

} // namespace

void half_hour_job::build_days(const std::vector<request_outcome>& outcomes) {
  for (auto& day : days_) {
    day.archive = build_one(day, calendar_, outcomes, round_start_);
    if (!day.archive || day.days_ago < 1)
      continue;
    if (auto next = start_registers(outcomes, round_start_, day.days_ago - 1))
      if (auto drift = tariff::day_drift(*day.archive, *next))
        day.drift_mwh = *drift;
  }
}

std::int64_t local_midnight_ms(const tariff::civil_date& date, std::chrono::minutes utc_offset) {
  const auto offset_ms = std::chrono::duration_cast<std::chrono::milliseconds>(utc_offset).count();
  return days_from_civil(date.year, date.month, date.day) * 86'400'000 - offset_ms;
}

std::vector<reading> day_readings(const tariff::civil_date& date, const tariff::day_archive& archive,
                                  const neva::model_options& model, std::chrono::minutes utc_offset) {
  std::vector<reading> out;
  const auto midnight_ms = local_midnight_ms(date, utc_offset);
  const char* prefix = model.native_energy_code ? "1-0:15.8." : "1-0:1.8.";
  for (const auto& point : archive.points)
    for (std::size_t t = 0; t < point.cumulative_mwh.size(); ++t) {
      reading r;
      r.quantity = prefix + std::to_string(t);
      r.value = static_cast<double>(point.cumulative_mwh[t]) / 1000.0;
      r.unit = unit::wh;
      r.time_ms = midnight_ms + point.end_minute * 60'000LL;
      r.set(flag::backfilled);
      if (point.estimated)
        r.set(flag::estimated);
      out.push_back(std::move(r));
    }
  return out;
}

std::vector<reading> half_hour_job::readings() const {
  std::vector<reading> out;
  for (const auto& day : days_)
    if (day.archive) {
      auto more = day_readings(day.date, *day.archive, model_, utc_offset_);
      out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
  return out;
}

} // namespace meterhub::iec61107_service

// The whole of spec iec61107-neva §7 on its worked example, the way a session chains the library: plan of D,
// schedule, interval tariffs, energies, the cumulative day, and the check against the next day.
#include <map>
#include <vector>

#include <catch2/catch.hpp>

#include "error_code.hpp"
#include "meterhub/tariff/consistency.hpp"
#include "meterhub/tariff/energy.hpp"
#include "meterhub/tariff/plan.hpp"

using namespace meterhub::tariff;
using meterhub::decimal;

namespace {

/// Seasons `0101010102,0401030304,0000000000,…` with the unused entries dropped.
const calendar spec_calendar{{season{1, 1, 1, 1, 2}, season{4, 1, 3, 3, 4}}, {}, special_day_meaning::schedule};

/// The schedules a session would read from 0A.NN.64; schedule 4 is `070003,230004,000000…`.
const std::map<std::uint8_t, day_schedule> schedules{
  {1, day_schedule{{switch_point{0, 1}}}},
  {4, day_schedule{{switch_point{7 * 60, 3}, switch_point{23 * 60, 4}}}},
};

/// Start-of-day registers `000100.00,000010.00,000020.00,000030.00,000040.00` kWh.
register_set start_registers() {
  register_set out{};
  const char* kwh[] = {"000100.00", "000010.00", "000020.00", "000030.00", "000040.00"};
  for (std::size_t r = 0; r < register_count; ++r)
    out[r] = *kwh_to_mwh(*meterhub::parse_decimal(kwh[r]));
  return out;
}

/// 48 W integers, 1000 + k in interval k (MT324 style).
std::vector<decimal> profile() {
  std::vector<decimal> out;
  for (std::int64_t k = 0; k < 48; ++k)
    out.push_back(decimal{1000 + k, 0});
  return out;
}

caf::expected<day_archive> archive_of(const calendar& cal, civil_date date, std::optional<unsigned> now = {}) {
  auto plan = resolve_plan(cal, date);
  REQUIRE(plan);
  const auto schedule =
    plan->kind == plan_kind::schedule ? schedules.at(plan->number) : whole_day_schedule(plan->number);
  auto tariffs = interval_tariffs(schedule, 48);
  REQUIRE(tariffs);
  const auto values = profile();
  auto energies = profile_energies_mwh(values, infer_profile_unit(values));
  REQUIRE(energies);
  return build_day(day_profile{start_registers(), *energies, *tariffs}, now);
}

} // namespace

TEST_CASE("worked example: 2024-04-14 under schedule 4, T4 00:00–06:30, T3 07:00–22:30, T4 23:00–23:30") {
  CHECK(resolve_plan(spec_calendar, {2024, 4, 14})->number == 4);
  auto day = archive_of(spec_calendar, {2024, 4, 14});
  REQUIRE(day);
  REQUIRE(day->points.size() == 48);
  for (std::size_t k = 0; k < 48; ++k) {
    INFO("interval " << k);
    CHECK(day->points[k].tariff == (k <= 13 || k >= 46 ? 4 : 3));
    CHECK_FALSE(day->points[k].estimated);
    CHECK(day->points[k].end_minute == (k + 1) * 30);
  }
  // 00:00–07:00: Σ (1000 + k) × 500 mWh for k = 0…13 = 7 045 500 mWh, all on T4.
  CHECK(day->points[13].cumulative_mwh == register_set{107'045'500, 10'000'000, 20'000'000, 30'000'000, 47'045'500});
  // 07:00–23:00 adds 16 472 000 mWh on T3; 23:00–24:00 adds 1 046 500 on T4.
  CHECK(day->points[45].cumulative_mwh == register_set{123'517'500, 10'000'000, 20'000'000, 46'472'000, 47'045'500});
  CHECK(day->points[47].cumulative_mwh == register_set{124'564'000, 10'000'000, 20'000'000, 46'472'000, 48'092'000});
  CHECK(day_drift(*day, {124'564'000, 10'000'000, 20'000'000, 46'472'000, 48'092'000}) == register_set{});
}

TEST_CASE("worked example as today at 12:10: the archive stops at 12:00") {
  auto day = archive_of(spec_calendar, {2024, 4, 14}, 12 * 60 + 10);
  REQUIRE(day);
  REQUIRE(day->points.size() == 24);
  CHECK(day->points.back().end_minute == 720);
  CHECK_FALSE(is_complete(*day));
}

TEST_CASE("worked example with the date as a special day under the tariff meaning: T2 all day") {
  auto cal = spec_calendar;
  cal.meaning = special_day_meaning::tariff;
  cal.special_days = {special_day{4, 14, 2}};
  auto day = archive_of(cal, {2024, 4, 14});
  REQUIRE(day);
  CHECK(day->points.back().cumulative_mwh == register_set{124'564'000, 10'000'000, 44'564'000, 30'000'000, 40'000'000});
  cal.special_days = {special_day{4, 14, ordinary_day_marker}};
  CHECK(archive_of(cal, {2024, 4, 14})->points.back().cumulative_mwh[4] == 48'092'000);
}

#include "meterhub/tariff/archive.hpp"

#include <limits>

#include <catch2/catch.hpp>

#include "error_code.hpp"

using namespace meterhub::tariff;
using meterhub::tariff::test::error_of;

namespace {

const register_set start{10'000'000, 1'000'000, 2'000'000, 3'000'000, 4'000'000};

/// 48 half hours of 1000 W (500 000 mWh each) under the spec's schedule: T4 until 07:00, T3 until 23:00, then T4.
day_profile spec_day() {
  day_profile day{start, std::vector<std::int64_t>(48, 500'000), {}};
  for (unsigned k = 0; k < 48; ++k)
    day.tariffs.push_back({static_cast<std::uint8_t>(k < 14 || k >= 46 ? 4 : 3), false});
  return day;
}

} // namespace

TEST_CASE("each interval adds to the total and to its tariff, stamped with the interval's end") {
  auto day = build_day(spec_day());
  REQUIRE(day);
  CHECK(day->start_mwh == start);
  CHECK(day->interval_minutes == 30);
  REQUIRE(day->points.size() == 48);
  CHECK(day->points[0] == archive_point{30, {10'500'000, 1'000'000, 2'000'000, 3'000'000, 4'500'000}, 4, false});
  CHECK(day->points[13] == archive_point{420, {17'000'000, 1'000'000, 2'000'000, 3'000'000, 11'000'000}, 4, false});
  CHECK(day->points[14] == archive_point{450, {17'500'000, 1'000'000, 2'000'000, 3'500'000, 11'000'000}, 3, false});
  CHECK(day->points[45] == archive_point{1380, {33'000'000, 1'000'000, 2'000'000, 19'000'000, 11'000'000}, 3, false});
  CHECK(day->points[47] == archive_point{1440, {34'000'000, 1'000'000, 2'000'000, 19'000'000, 12'000'000}, 4, false});
}

TEST_CASE("the estimated flag of an interval carries into its point") {
  auto profile = spec_day();
  profile.tariffs[20].estimated = true;
  auto day = build_day(profile);
  REQUIRE(day);
  CHECK(day->points[20].estimated);
  CHECK_FALSE(day->points[19].estimated);
  CHECK_FALSE(day->points[21].estimated);
}

TEST_CASE("24 hourly intervals end on the hours") {
  day_profile profile{register_set{}, {}, {}};
  for (unsigned k = 0; k < 24; ++k) {
    profile.energies_mwh.push_back(k * 1'000);
    profile.tariffs.push_back({static_cast<std::uint8_t>(1 + k % 4), false});
  }
  auto day = build_day(profile);
  REQUIRE(day);
  CHECK(day->interval_minutes == 60);
  REQUIRE(day->points.size() == 24);
  CHECK(day->points[0] == archive_point{60, {0, 0, 0, 0, 0}, 1, false});
  CHECK(day->points[5] == archive_point{360, {15'000, 4'000, 6'000, 2'000, 3'000}, 2, false});
  // T1 gets the hours 0, 4, …, 20: 60 000 mWh; the total is (0 + 1 + … + 23) × 1000 mWh.
  CHECK(day->points[23] == archive_point{1440, {276'000, 60'000, 66'000, 72'000, 78'000}, 4, false});
}

TEST_CASE("today: only intervals that ended by the meter's time") {
  CHECK(build_day(spec_day(), 435)->points.size() == 14); // 07:15: the 07:00–07:30 average is not complete
  CHECK(build_day(spec_day(), 420)->points.size() == 14);
  CHECK(build_day(spec_day(), 420)->points.back().end_minute == 420);
  CHECK(build_day(spec_day(), 449)->points.size() == 14);
  CHECK(build_day(spec_day(), 450)->points.size() == 15);
  CHECK(build_day(spec_day(), 29)->points.empty());
  CHECK(build_day(spec_day(), 0)->points.empty());
  CHECK(build_day(spec_day(), 1440)->points.size() == 48);
  CHECK(error_of(build_day(spec_day(), 1441)) == tariff_errc::bad_minute);
}

TEST_CASE("bad day inputs are errors") {
  auto short_profile = spec_day();
  short_profile.energies_mwh.pop_back();
  short_profile.tariffs.pop_back();
  CHECK(error_of(build_day(short_profile)) == tariff_errc::bad_interval_count);
  auto mismatch = spec_day();
  mismatch.tariffs.pop_back();
  CHECK(error_of(build_day(mismatch)) == tariff_errc::bad_interval_count);
  auto tariff_zero = spec_day();
  tariff_zero.tariffs[7].tariff = 0;
  CHECK(error_of(build_day(tariff_zero)) == tariff_errc::bad_tariff);
  auto tariff_five = spec_day();
  tariff_five.tariffs[7].tariff = 5;
  CHECK(error_of(build_day(tariff_five)) == tariff_errc::bad_tariff);
  CHECK(meterhub::describe(build_day(tariff_five).error()) == "tariff: bad_tariff: interval 7: tariff 5");
  auto negative_energy = spec_day();
  negative_energy.energies_mwh[3] = -1;
  CHECK(error_of(build_day(negative_energy)) == tariff_errc::negative_value);
  auto negative_start = spec_day();
  negative_start.start_mwh[2] = -1;
  CHECK(error_of(build_day(negative_start)) == tariff_errc::negative_value);
  auto huge = spec_day();
  huge.start_mwh[0] = std::numeric_limits<std::int64_t>::max() - 1'000'000;
  CHECK(error_of(build_day(huge)) == tariff_errc::overflow);
}

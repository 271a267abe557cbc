#include "meterhub/tariff/consistency.hpp"

#include <catch2/catch.hpp>

#include "error_code.hpp"

using namespace meterhub::tariff;
using meterhub::tariff::test::error_of;

namespace {

const register_set start{10'000'000, 1'000'000, 2'000'000, 3'000'000, 4'000'000};

/// 48 half hours of 500 000 mWh: T4 until 07:00, T3 until 23:00, then T4; ends at
/// [34 000 000, 1 000 000, 2 000 000, 19 000 000, 12 000 000].
day_archive spec_day(std::optional<unsigned> now = std::nullopt) {
  day_profile profile{start, std::vector<std::int64_t>(48, 500'000), {}};
  for (unsigned k = 0; k < 48; ++k)
    profile.tariffs.push_back({static_cast<std::uint8_t>(k < 14 || k >= 46 ? 4 : 3), false});
  auto day = build_day(profile, now);
  REQUIRE(day);
  return *day;
}

const register_set day_end{34'000'000, 1'000'000, 2'000'000, 19'000'000, 12'000'000};

} // namespace

TEST_CASE("a day that ends on the next day's start has no drift") {
  CHECK(is_complete(spec_day()));
  CHECK(day_drift(spec_day(), day_end) == register_set{0, 0, 0, 0, 0});
}

TEST_CASE("drift per register: next day's start minus the day's last point") {
  CHECK(day_drift(spec_day(), {34'010'000, 1'000'000, 2'000'000, 19'010'000, 12'000'000}) ==
        register_set{10'000, 0, 0, 10'000, 0});
  // The split is off (wrong schedule), the total is right.
  CHECK(day_drift(spec_day(), {34'000'000, 1'000'000, 2'000'000, 19'500'000, 11'500'000}) ==
        register_set{0, 0, 0, 500'000, -500'000});
}

TEST_CASE("a partial day cannot be checked against the next day") {
  CHECK_FALSE(is_complete(spec_day(600)));
  CHECK(error_of(day_drift(spec_day(600), day_end)) == tariff_errc::incomplete_day);
  CHECK(error_of(rescale_day(spec_day(600), day_end)) == tariff_errc::incomplete_day);
  CHECK(error_of(day_drift(day_archive{}, day_end)) == tariff_errc::incomplete_day);
  auto no_interval = spec_day();
  no_interval.interval_minutes = 0;
  CHECK(error_of(day_drift(no_interval, day_end)) == tariff_errc::incomplete_day);
}

TEST_CASE("rescale: each register in proportion to its own growth, ending exactly on the next start") {
  const register_set next{34'480'000, 1'048'000, 2'000'000, 19'000'000, 12'160'000};
  auto day = rescale_day(spec_day(), next);
  REQUIRE(day);
  REQUIRE(day->points.size() == 48);
  for (const auto& p : day->points)
    CHECK(p.estimated);
  // Total +2 %: 510 000 per interval. T4 +2 % on its own intervals only, T3 unchanged. T1 never grew during the
  // day, so its 48 000 mWh are spread evenly, 1 000 per interval.
  CHECK(day->points[0].cumulative_mwh == register_set{10'510'000, 1'001'000, 2'000'000, 3'000'000, 4'510'000});
  CHECK(day->points[13].cumulative_mwh == register_set{17'140'000, 1'014'000, 2'000'000, 3'000'000, 11'140'000});
  CHECK(day->points[14].cumulative_mwh == register_set{17'650'000, 1'015'000, 2'000'000, 3'500'000, 11'140'000});
  CHECK(day->points[47].cumulative_mwh == next);
  CHECK(day->points[47].end_minute == 1440);
  CHECK(day->points[47].tariff == 4);
  CHECK(day->start_mwh == start);
}

TEST_CASE("rescale rounds down and never decreases") {
  const register_set next{34'000'001, 1'000'000, 2'000'000, 19'000'000, 11'999'999};
  auto day = rescale_day(spec_day(), next);
  REQUIRE(day);
  CHECK(day->points[0].cumulative_mwh[0] == 10'500'000);
  CHECK(day->points[46].cumulative_mwh[0] == 33'500'000);
  CHECK(day->points[0].cumulative_mwh[4] == 4'499'999); // 500 000 × 7 999 999 / 8 000 000 = 499 999.9375
  CHECK(day->points[47].cumulative_mwh == next);
  for (std::size_t k = 1; k < 48; ++k)
    for (std::size_t r = 0; r < register_count; ++r)
      CHECK(day->points[k].cumulative_mwh[r] >= day->points[k - 1].cumulative_mwh[r]);
}

TEST_CASE("rescale of large registers does not overflow in between") {
  day_profile profile{register_set{}, std::vector<std::int64_t>(48, 1'000'000'000'000), {}};
  profile.tariffs.assign(48, interval_tariff{1, false});
  auto built = build_day(profile);
  REQUIRE(built);
  const register_set next{96'000'000'000'000, 96'000'000'000'000, 0, 0, 0};
  auto day = rescale_day(*built, next);
  REQUIRE(day);
  CHECK(day->points[0].cumulative_mwh == register_set{2'000'000'000'000, 2'000'000'000'000, 0, 0, 0});
  CHECK(day->points[47].cumulative_mwh == next);
}

TEST_CASE("rescale refuses registers that would run backwards") {
  CHECK(error_of(rescale_day(spec_day(), {9'999'999, 1'000'000, 2'000'000, 19'000'000, 12'000'000})) ==
        tariff_errc::registers_decrease);
  CHECK(error_of(rescale_day(spec_day(), {34'000'000, 1'000'000, 1'999'999, 19'000'000, 12'000'000})) ==
        tariff_errc::registers_decrease);
}

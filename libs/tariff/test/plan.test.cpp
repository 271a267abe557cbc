#include "meterhub/tariff/plan.hpp"

#include <catch2/catch.hpp>

#include "error_code.hpp"

using namespace meterhub::tariff;
using meterhub::tariff::test::error_of;

namespace {

/// The spec's worked example: seasons `0101010102,0401030304`.
calendar spec_calendar() {
  return calendar{{season{1, 1, 1, 1, 2}, season{4, 1, 3, 3, 4}}, {}, special_day_meaning::schedule};
}

day_plan schedule_plan(std::uint8_t number, plan_source source, std::optional<std::size_t> index) {
  return day_plan{plan_kind::schedule, number, source, index};
}

} // namespace

TEST_CASE("the spec's worked example: Sunday 2024-04-14 takes schedule 4 of the April season") {
  CHECK(resolve_plan(spec_calendar(), {2024, 4, 14}) == schedule_plan(4, plan_source::season, 1));
}

TEST_CASE("weekday, Saturday and Sunday schedules of one season") {
  const auto cal = spec_calendar();
  CHECK(resolve_plan(cal, {2024, 4, 12})->number == 3); // Friday
  CHECK(resolve_plan(cal, {2024, 4, 13})->number == 3); // Saturday
  CHECK(resolve_plan(cal, {2024, 4, 15})->number == 3); // Monday
  CHECK(resolve_plan(cal, {2024, 3, 30})->number == 1); // Saturday of the January season
  CHECK(resolve_plan(cal, {2024, 3, 31})->number == 2); // Sunday of the January season
}

TEST_CASE("a season starts on its start date and ends the day before the next start") {
  const auto cal = spec_calendar();
  CHECK(resolve_plan(cal, {2024, 3, 31}) == schedule_plan(2, plan_source::season, 0));
  CHECK(resolve_plan(cal, {2024, 4, 1}) == schedule_plan(3, plan_source::season, 1)); // Monday
  CHECK(resolve_plan(cal, {2024, 12, 31}) == schedule_plan(3, plan_source::season, 1));
  CHECK(resolve_plan(cal, {2025, 1, 1}) == schedule_plan(1, plan_source::season, 0));
}

TEST_CASE("a date before every season start takes the latest season: it wraps over New Year") {
  const calendar cal{{season{10, 1, 5, 6, 7}, season{3, 15, 1, 2, 3}}, {}, special_day_meaning::schedule};
  CHECK(resolve_plan(cal, {2024, 1, 15}) == schedule_plan(5, plan_source::season, 0));  // Monday
  CHECK(resolve_plan(cal, {2024, 3, 14}) == schedule_plan(5, plan_source::season, 0));  // Thursday
  CHECK(resolve_plan(cal, {2024, 3, 15}) == schedule_plan(1, plan_source::season, 1));  // Friday
  CHECK(resolve_plan(cal, {2024, 9, 29}) == schedule_plan(3, plan_source::season, 1));  // Sunday
  CHECK(resolve_plan(cal, {2024, 10, 5}) == schedule_plan(6, plan_source::season, 0));  // Saturday
}

TEST_CASE("seasons in any order, and a tie on a start goes to the earlier entry") {
  const calendar cal{{season{6, 15, 8, 8, 8}, season{1, 1, 1, 1, 1}, season{9, 1, 9, 9, 9}, season{6, 15, 2, 2, 2}},
                     {},
                     special_day_meaning::schedule};
  CHECK(resolve_plan(cal, {2024, 7, 1}) == schedule_plan(8, plan_source::season, 0));
  CHECK(resolve_plan(cal, {2024, 6, 14}) == schedule_plan(1, plan_source::season, 1));
  CHECK(resolve_plan(cal, {2024, 9, 2}) == schedule_plan(9, plan_source::season, 2));
}

TEST_CASE("no seasons means schedule 1") {
  CHECK(resolve_plan(calendar{}, {2024, 4, 14}) == day_plan{plan_kind::schedule, 1, plan_source::no_season, {}});
  const calendar only_specials{{}, {special_day{5, 1, 6}}, special_day_meaning::schedule};
  CHECK(resolve_plan(only_specials, {2024, 5, 2}) == day_plan{plan_kind::schedule, 1, plan_source::no_season, {}});
  CHECK(resolve_plan(only_specials, {2024, 5, 1}) == schedule_plan(6, plan_source::special_day, std::nullopt));
}

TEST_CASE("special day, schedule meaning: that schedule all day, every year, whatever the weekday") {
  auto cal = spec_calendar();
  cal.special_days = {special_day{1, 1, 7}, special_day{4, 14, 9}};
  CHECK(resolve_plan(cal, {2024, 4, 14}) == schedule_plan(9, plan_source::special_day, std::nullopt));
  CHECK(resolve_plan(cal, {2025, 4, 14}) == schedule_plan(9, plan_source::special_day, std::nullopt));
  CHECK(resolve_plan(cal, {2024, 1, 1}) == schedule_plan(7, plan_source::special_day, std::nullopt));
  CHECK(resolve_plan(cal, {2024, 4, 15}) == schedule_plan(3, plan_source::season, 1));
  // The marker means nothing under the schedule meaning: it is schedule 127.
  cal.special_days = {special_day{4, 14, ordinary_day_marker}};
  CHECK(resolve_plan(cal, {2024, 4, 14})->number == 0x7F);
}

TEST_CASE("special day, tariff meaning: one tariff all day, 0x7F falls through to the seasons") {
  auto cal = spec_calendar();
  cal.meaning = special_day_meaning::tariff;
  cal.special_days = {special_day{4, 14, 2}, special_day{4, 13, ordinary_day_marker}};
  CHECK(resolve_plan(cal, {2024, 4, 14}) ==
        day_plan{plan_kind::whole_day_tariff, 2, plan_source::special_day, std::nullopt});
  CHECK(resolve_plan(cal, {2024, 4, 13}) == schedule_plan(3, plan_source::season, 1));
  // The first entry for a date decides, even when it is the marker.
  cal.special_days = {special_day{4, 14, ordinary_day_marker}, special_day{4, 14, 1}};
  CHECK(resolve_plan(cal, {2024, 4, 14}) == schedule_plan(4, plan_source::season, 1));
  cal.seasons.clear();
  CHECK(resolve_plan(cal, {2024, 4, 14}) == day_plan{});
}

TEST_CASE("29 February as a special day matches only in leap years") {
  const calendar cal{{}, {special_day{2, 29, 5}}, special_day_meaning::schedule};
  CHECK(resolve_plan(cal, {2024, 2, 29})->number == 5);
  CHECK(resolve_plan(cal, {2023, 3, 1})->number == 1);
}

TEST_CASE("bad dates and bad calendars are errors, even in entries the date does not use") {
  CHECK(error_of(resolve_plan(spec_calendar(), {2023, 2, 29})) == tariff_errc::bad_date);
  CHECK(error_of(resolve_plan(spec_calendar(), {2024, 13, 1})) == tariff_errc::bad_date);
  const auto with_season = [](season s) { return calendar{{season{1, 1, 1, 1, 1}, s}, {}, {}}; };
  CHECK(error_of(resolve_plan(with_season({13, 1, 1, 1, 1}), {2024, 4, 14})) == tariff_errc::bad_calendar);
  CHECK(error_of(resolve_plan(with_season({4, 0, 1, 1, 1}), {2024, 4, 14})) == tariff_errc::bad_calendar);
  CHECK(error_of(resolve_plan(with_season({4, 32, 1, 1, 1}), {2024, 4, 14})) == tariff_errc::bad_calendar);
  CHECK(error_of(resolve_plan(with_season({4, 1, 1, 0, 1}), {2024, 4, 14})) == tariff_errc::bad_calendar);
  CHECK(error_of(validate_calendar(calendar{{}, {special_day{4, 1, 0}}, special_day_meaning::schedule})) ==
        tariff_errc::bad_calendar);
  CHECK(error_of(validate_calendar(calendar{{}, {special_day{0, 1, 1}}, special_day_meaning::schedule})) ==
        tariff_errc::bad_calendar);
  CHECK(error_of(validate_calendar(calendar{{}, {special_day{4, 1, 5}}, special_day_meaning::tariff})) ==
        tariff_errc::bad_calendar);
  CHECK(error_of(validate_calendar(calendar{{}, {special_day{4, 1, 0}}, special_day_meaning::tariff})) ==
        tariff_errc::bad_calendar);
  CHECK_FALSE(validate_calendar(calendar{{}, {special_day{4, 1, 5}}, special_day_meaning::schedule}));
  CHECK_FALSE(validate_calendar(calendar{{}, {special_day{4, 1, 0x7F}}, special_day_meaning::tariff}));
  CHECK(meterhub::describe(resolve_plan(with_season({4, 1, 1, 0, 1}), {2024, 4, 14}).error()) ==
        "tariff: bad_calendar: season 1: schedule 0");
}

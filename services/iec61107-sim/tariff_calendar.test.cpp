#include <catch2/catch.hpp>

#include "meter_time.hpp"
#include "tariff_calendar.hpp"

using namespace meterhub::iec61107sim;

namespace {

std::int64_t day(int y, unsigned m, unsigned d) {
  return from_civil({y, m, d, 0, 0, 0}) / seconds_per_day;
}

tariff_calendar spec_example() {
  tariff_calendar c;
  c.seasons = *parse_seasons("0101010102,0401030304,0000000000,0000000000,0000000000,0000000000,0000000000,"
                             "0000000000,0000000000,0000000000,0000000000,0000000000");
  c.schedules[3] = *parse_schedule("070003,230004,000000,000000,000000,000000,000000,000000");
  return c;
}

} // namespace

TEST_CASE("the spec's worked example: 2024-04-14 is a Sunday on schedule 4, T4 at night and T3 by day") {
  const auto c = spec_example();
  const auto d = day(2024, 4, 14);
  CHECK(weekday(d) == 0);
  CHECK(c.schedule_for(d) == 4);
  CHECK(c.season_number(d) == 2);
  CHECK(c.tariff_at(d, 0) == 4);
  CHECK(c.tariff_at(d, 6 * 60 + 30) == 4);
  CHECK(c.tariff_at(d, 7 * 60) == 3);
  CHECK(c.tariff_at(d, 22 * 60 + 30) == 3);
  CHECK(c.tariff_at(d, 23 * 60) == 4);
  CHECK(c.schedule_for(day(2024, 4, 13)) == 3); // Saturday: N2
  CHECK(c.schedule_for(day(2024, 4, 12)) == 3); // weekday in season 0401: N1 = 03
  CHECK(c.schedule_for(day(2024, 3, 31)) == 2); // Sunday in season 0101: N3 = 02
  CHECK(c.tariff_at(day(2024, 3, 31), 600) == 1); // schedule 2 is empty: T1
}

TEST_CASE("seasons wrap over New Year, special days win, no seasons means schedule 1") {
  tariff_calendar c;
  c.seasons = *parse_seasons("1001050505,0401060606,0000000000,0000000000,0000000000,0000000000,0000000000,"
                             "0000000000,0000000000,0000000000,0000000000,0000000000");
  CHECK(c.schedule_for(day(2024, 2, 14)) == 5); // before every start: the latest start (10-01) holds
  CHECK(c.season_number(day(2024, 2, 14)) == 1);
  CHECK(c.schedule_for(day(2024, 5, 14)) == 6);
  std::string special = "051409";
  for (int i = 0; i < 31; ++i)
    special += ",000000";
  c.special_days = *parse_special_days(special);
  CHECK(c.schedule_for(day(2024, 5, 14)) == 9);
  CHECK(tariff_calendar{}.schedule_for(day(2024, 5, 14)) == 1);
  CHECK(tariff_calendar{}.season_number(day(2024, 5, 14)) == 0);
}

TEST_CASE("schedule entries: sorted, unused dropped, the last carries over midnight") {
  const auto s = parse_schedule("220002,000000,063001,000000,000000,000000,000000,000000");
  REQUIRE(s);
  REQUIRE(s->size() == 2);
  CHECK((*s)[0].minute == 6 * 60 + 30);
  CHECK((*s)[1].tariff == 2);
  tariff_calendar c;
  c.schedules[0] = *s;
  CHECK(c.tariff_at(day(2024, 1, 2), 0) == 2);
  CHECK(c.tariff_at(day(2024, 1, 2), 6 * 60 + 29) == 2);
  CHECK(c.tariff_at(day(2024, 1, 2), 6 * 60 + 30) == 1);
}

TEST_CASE("malformed tables are refused") {
  CHECK_FALSE(parse_schedule("070001,230002"));                                          // 8 entries
  CHECK_FALSE(parse_schedule("070005,000000,000000,000000,000000,000000,000000,000000")); // tariff 5
  CHECK_FALSE(parse_schedule("246001,000000,000000,000000,000000,000000,000000,000000")); // 24:60
  CHECK_FALSE(parse_schedule("07000A,000000,000000,000000,000000,000000,000000,000000"));
  CHECK_FALSE(parse_schedule("070001,000000,000000,000000,000000,000000,000000,000000,"));
  CHECK_FALSE(parse_seasons(default_seasons_text() + ",0000000000"));
  CHECK_FALSE(parse_seasons("1301010101" + default_seasons_text().substr(10)));
  CHECK_FALSE(parse_seasons("0101370101" + default_seasons_text().substr(10))); // schedule 37
  CHECK_FALSE(parse_special_days("010100" + default_special_days_text().substr(6)));
  CHECK(parse_schedule(default_schedule_text(1)));
  CHECK(parse_schedule(default_schedule_text(36))->empty());
  CHECK(parse_special_days(default_special_days_text())->size() == 3);
  CHECK(parse_seasons(default_seasons_text())->size() == 1);
}

TEST_CASE("meter time: civil fields, weekdays, register formats and writes") {
  const local_seconds t = from_civil({2024, 2, 29, 23, 59, 58});
  CHECK(format_date_register(t) == "240229");
  CHECK(format_time_register(t) == "235958");
  CHECK(weekday(day_of(t)) == 4);
  CHECK(format_date_register(t + 2) == "240301");
  CHECK(*with_time_register(t, "010203") == from_civil({2024, 2, 29, 1, 2, 3}));
  CHECK(*with_date_register(t, "251231") == from_civil({2025, 12, 31, 23, 59, 58}));
  CHECK_FALSE(with_date_register(t, "250229"));
  CHECK(*parse_local_time("2024-04-14T10:00:00") == 1713088800);
  CHECK(*parse_local_time("2024-04-14T10:00:00Z") == 1713088800);
  CHECK_FALSE(parse_local_time("2024-04-14 10:00:00"));
  CHECK(first_of_month(day(2024, 3, 15), 0) == day(2024, 3, 1));
  CHECK(first_of_month(day(2024, 3, 15), 3) == day(2023, 12, 1));
  CHECK(day_of(-1) == -1);
}

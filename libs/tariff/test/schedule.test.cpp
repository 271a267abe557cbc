#include "meterhub/tariff/schedule.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "error_code.hpp"

using namespace meterhub::tariff;
using meterhub::tariff::test::error_of;

namespace {

switch_point at(unsigned hour, unsigned minute, std::uint8_t tariff) {
  return switch_point{static_cast<std::uint16_t>(hour * 60 + minute), tariff};
}

/// One character per interval, the tariff digit, followed by '~' when the interval is estimated.
std::string pattern(const caf::expected<std::vector<interval_tariff>>& intervals) {
  REQUIRE(intervals);
  std::string out;
  for (const auto& i : *intervals) {
    out += static_cast<char>('0' + i.tariff);
    if (i.estimated)
      out += '~';
  }
  return out;
}

std::string times(std::size_t n, char tariff) {
  return std::string(n, tariff);
}

const day_schedule spec_schedule{{at(7, 0, 3), at(23, 0, 4)}}; // 070003,230004

} // namespace

TEST_CASE("profile interval lengths") {
  CHECK(interval_minutes(48) == 30u);
  CHECK(interval_minutes(24) == 60u);
  CHECK_FALSE(interval_minutes(0));
  CHECK_FALSE(interval_minutes(96));
  CHECK_FALSE(interval_minutes(47));
}

TEST_CASE("tariff in force: the last switch at or before the minute, the day's last before the first") {
  CHECK(tariff_at(spec_schedule, 0) == 4);
  CHECK(tariff_at(spec_schedule, 419) == 4);
  CHECK(tariff_at(spec_schedule, 420) == 3);
  CHECK(tariff_at(spec_schedule, 1379) == 3);
  CHECK(tariff_at(spec_schedule, 1380) == 4);
  CHECK(tariff_at(spec_schedule, 1439) == 4);
  CHECK_FALSE(tariff_at(spec_schedule, 1440));
  const day_schedule reversed{{at(23, 0, 4), at(7, 0, 3)}};
  CHECK(tariff_at(reversed, 419) == 4);
  CHECK(tariff_at(reversed, 420) == 3);
}

TEST_CASE("a switch at midnight leaves nothing to carry over") {
  const day_schedule s{{at(7, 0, 2), at(0, 0, 1), at(23, 0, 3)}};
  CHECK(tariff_at(s, 0) == 1);
  CHECK(tariff_at(s, 600) == 2);
  CHECK(tariff_at(s, 1400) == 3);
}

TEST_CASE("no switches mean T1 and a single switch holds all day") {
  CHECK(tariff_at(day_schedule{}, 0) == 1);
  CHECK(tariff_at(day_schedule{}, 1439) == 1);
  const day_schedule single{{at(8, 0, 2)}};
  CHECK(tariff_at(single, 0) == 2);
  CHECK(tariff_at(single, 1439) == 2);
  CHECK(pattern(interval_tariffs(day_schedule{}, 24)) == times(24, '1'));
  CHECK(pattern(interval_tariffs(whole_day_schedule(3), 48)) == times(48, '3'));
}

TEST_CASE("of two switches at the same minute the later entry wins") {
  CHECK(tariff_at(day_schedule{{at(7, 0, 2), at(7, 0, 3)}}, 500) == 3);
  CHECK(tariff_at(day_schedule{{at(7, 0, 3), at(7, 0, 2)}}, 500) == 2);
}

TEST_CASE("the spec's schedule over 48 intervals: switches on interval starts estimate nothing") {
  CHECK(pattern(interval_tariffs(spec_schedule, 48)) == times(14, '4') + times(32, '3') + times(2, '4'));
  CHECK(pattern(interval_tariffs(spec_schedule, 24)) == times(7, '4') + times(16, '3') + times(1, '4'));
}

TEST_CASE("a switch inside an interval books it to the earlier tariff, flags it, and later switches still apply") {
  const day_schedule s{{at(7, 15, 2), at(20, 0, 1)}};
  CHECK(pattern(interval_tariffs(s, 48)) == times(14, '1') + "1~" + times(25, '2') + times(8, '1'));
}

TEST_CASE("24 against 48 intervals: a switch on a half hour is inside an hour") {
  const day_schedule s{{at(7, 30, 2), at(23, 0, 1)}};
  CHECK(pattern(interval_tariffs(s, 48)) == times(15, '1') + times(31, '2') + times(2, '1'));
  CHECK(pattern(interval_tariffs(s, 24)) == times(7, '1') + "1~" + times(15, '2') + times(1, '1'));
}

TEST_CASE("the carried-over tariff books the first interval when the first switch is inside it") {
  const day_schedule s{{at(0, 10, 1), at(22, 0, 2)}};
  CHECK(pattern(interval_tariffs(s, 48)) == "2~" + times(43, '1') + times(4, '2'));
}

TEST_CASE("only a switch that changes the tariff inside an interval makes it estimated") {
  const day_schedule restated{{at(7, 0, 2), at(7, 10, 2), at(23, 0, 1)}};
  CHECK(pattern(interval_tariffs(restated, 48)) == times(14, '1') + times(32, '2') + times(2, '1'));
  const day_schedule there_and_back{{at(7, 0, 2), at(7, 10, 3), at(7, 20, 2), at(23, 0, 1)}};
  CHECK(pattern(interval_tariffs(there_and_back, 48)) == times(14, '1') + "2~" + times(31, '2') + times(2, '1'));
}

TEST_CASE("bad schedules and interval counts are errors") {
  CHECK(error_of(interval_tariffs(spec_schedule, 47)) == tariff_errc::bad_interval_count);
  CHECK(error_of(interval_tariffs(spec_schedule, 0)) == tariff_errc::bad_interval_count);
  CHECK(error_of(interval_tariffs(spec_schedule, 96)) == tariff_errc::bad_interval_count);
  const day_schedule past_midnight{{switch_point{1440, 1}}};
  const day_schedule tariff_zero{{at(7, 0, 0)}};
  const day_schedule tariff_five{{at(7, 0, 5)}};
  CHECK(error_of(interval_tariffs(past_midnight, 48)) == tariff_errc::bad_schedule);
  CHECK(error_of(interval_tariffs(tariff_zero, 48)) == tariff_errc::bad_schedule);
  CHECK(error_of(interval_tariffs(tariff_five, 48)) == tariff_errc::bad_schedule);
  CHECK_FALSE(tariff_at(tariff_five, 100));
  CHECK_FALSE(tariff_at(past_midnight, 100));
  CHECK_FALSE(validate_schedule(day_schedule{{at(23, 59, 4)}}));
}

#include "meterhub/neva/tariff_tables.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "error_of.hpp"
#include "meterhub/neva/error.hpp"

using namespace meterhub;
using namespace meterhub::neva;
using test::error_of;

namespace {


/// `first` followed by copies of `filler` up to `count` fields, comma-separated.
std::string padded(const std::string& first, const std::string& filler, std::size_t used, std::size_t count) {
  std::string out = first;
  for (std::size_t i = used; i < count; ++i)
    out += "," + filler;
  return out;
}

} // namespace

TEST_CASE("the spec's day schedule: T3 from 07:00, T4 from 23:00") {
  auto schedule = decode_day_schedule(padded("070003,230004", "000000", 2, 8));
  REQUIRE(schedule);
  CHECK(schedule->points == std::vector<tariff::switch_point>{{7 * 60, 3}, {23 * 60, 4}});
}

TEST_CASE("schedule slots with TT = 00 are unused, 000001 is T1 from midnight") {
  auto schedule = decode_day_schedule("000001,071502,000000,220001,000000,000000,000000,235904");
  REQUIRE(schedule);
  CHECK(schedule->points ==
        std::vector<tariff::switch_point>{{0, 1}, {7 * 60 + 15, 2}, {22 * 60, 1}, {23 * 60 + 59, 4}});
  auto empty = decode_day_schedule(padded("000000", "000000", 1, 8));
  REQUIRE(empty);
  CHECK(empty->points.empty());
}

TEST_CASE("broken schedules are refused") {
  CHECK(error_of(decode_day_schedule("070003,230004")) == neva_errc::wrong_count);
  CHECK(error_of(decode_day_schedule(padded("070003", "000000", 1, 9))) == neva_errc::wrong_count);
  CHECK(error_of(decode_day_schedule(padded("070005", "000000", 1, 8))) == neva_errc::out_of_range);
  CHECK(error_of(decode_day_schedule(padded("240001", "000000", 1, 8))) == neva_errc::out_of_range);
  CHECK(error_of(decode_day_schedule(padded("076001", "000000", 1, 8))) == neva_errc::out_of_range);
  CHECK(error_of(decode_day_schedule(padded("07000", "000000", 1, 8))) == neva_errc::bad_format);
  CHECK(error_of(decode_day_schedule(padded("07:003", "000000", 1, 8))) == neva_errc::bad_format);
}

TEST_CASE("schedule numbers map to their register") {
  CHECK(schedule_address(1) == register_address::of(0x0A, 0x01, 0x64));
  CHECK(schedule_address(4) == register_address::of(0x0A, 0x04, 0x64));
  CHECK(schedule_address(36) == register_address::of(0x0A, 0x24, 0x64));
  CHECK(to_wire(*schedule_address(12)) == "0A0C64FF");
  CHECK(error_of(schedule_address(0)) == neva_errc::out_of_range);
  CHECK(error_of(schedule_address(37)) == neva_errc::out_of_range);
}

TEST_CASE("the spec's seasons: from 01-01 schedules 1/1/2, from 04-01 schedules 3/3/4") {
  auto seasons = decode_seasons(padded("0101010102,0401030304", "0000000000", 2, 12));
  REQUIRE(seasons);
  CHECK(*seasons == std::vector<tariff::season>{{1, 1, 1, 1, 2}, {4, 1, 3, 3, 4}});
}

TEST_CASE("season entries are checked") {
  auto late = decode_seasons(padded("0000000000,1101363602", "0000000000", 2, 12));
  REQUIRE(late);
  CHECK(*late == std::vector<tariff::season>{{11, 1, 36, 36, 2}});
  CHECK(decode_seasons(padded("0229010101", "0000000000", 1, 12))->front().day == 29);
  CHECK(error_of(decode_seasons("0101010102,0401030304")) == neva_errc::wrong_count);
  CHECK(error_of(decode_seasons(padded("1301010101", "0000000000", 1, 12))) == neva_errc::out_of_range);
  CHECK(error_of(decode_seasons(padded("0431010101", "0000000000", 1, 12))) == neva_errc::out_of_range);
  CHECK(error_of(decode_seasons(padded("0101370101", "0000000000", 1, 12))) == neva_errc::out_of_range);
  CHECK(error_of(decode_seasons(padded("0101010100", "0000000000", 1, 12))) == neva_errc::out_of_range);
  CHECK(error_of(decode_seasons(padded("0000010101", "0000000000", 1, 12))) == neva_errc::out_of_range);
  CHECK(error_of(decode_seasons(padded("010101010", "0000000000", 1, 12))) == neva_errc::bad_format);
  CHECK(error_of(decode_seasons(padded("01010101A1", "0000000000", 1, 12))) == neva_errc::bad_format);
}

TEST_CASE("special days: MMDDNN, all-zero unused, 7F kept as the ordinary-day marker") {
  auto days = decode_special_days(padded("010102,050904,000000,12317F,03080f", "000000", 5, 32));
  REQUIRE_FALSE(days); // "0f" is not a decimal number
  CHECK(days.error() == neva_errc::bad_format);
  days = decode_special_days(padded("010102,050904,000000,12317F,030836", "000000", 5, 32));
  REQUIRE(days);
  CHECK(*days == std::vector<tariff::special_day>{
                     {1, 1, 2}, {5, 9, 4}, {12, 31, tariff::ordinary_day_marker}, {3, 8, 36}});
  auto none = decode_special_days(padded("000000", "000000", 1, 32));
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("broken special days are refused") {
  CHECK(error_of(decode_special_days(padded("010102", "000000", 1, 31))) == neva_errc::wrong_count);
  CHECK(error_of(decode_special_days(padded("010100", "000000", 1, 32))) == neva_errc::out_of_range);
  CHECK(error_of(decode_special_days(padded("010137", "000000", 1, 32))) == neva_errc::out_of_range);
  CHECK(error_of(decode_special_days(padded("023001", "000000", 1, 32))) == neva_errc::out_of_range);
  CHECK(error_of(decode_special_days(padded("000001", "000000", 1, 32))) == neva_errc::out_of_range);
  CHECK(error_of(decode_special_days(padded("01010", "000000", 1, 32))) == neva_errc::bad_format);
  CHECK(error_of(decode_special_days(padded("0101002", "000000", 1, 32))) == neva_errc::bad_format);
  CHECK(error_of(decode_special_days(padded("", "000000", 1, 32))) == neva_errc::bad_format);
}

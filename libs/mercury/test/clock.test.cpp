#include "meterhub/mercury/clock.hpp"

#include <catch2/catch.hpp>

#include "meterhub/core/time.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::mercury;
using test::error_of;
using test::hex;

TEST_CASE("the 04 00 reply is BCD time, weekday, date and a season byte") {
  auto t = decode_meter_time(hex("38 38 19 05 18 01 19 01")); // D1 capture: Friday 18.01.2019 19:38:38, winter
  REQUIRE(t);
  CHECK(*t == meter_time{38, 38, 19, 5, 18, 1, 19, true});
  CHECK(wall_clock_ms(*t) == unix_ms_from_utc(2019, 1, 18, 19, 38, 38));
  auto summer = decode_meter_time(hex("00 30 12 07 30 06 24 00"));
  REQUIRE(summer);
  CHECK_FALSE(summer->winter);
  CHECK(summer->weekday == 7);
  CHECK(decode_meter_time(hex("00 00 00 00 29 02 24 01"))); // 2024 is a leap year, weekday 0 accepted
}

TEST_CASE("impossible clock replies are refused") {
  CHECK(error_of(decode_meter_time(hex("38 38 19 05 18 01 19"))) == mercury_errc::bad_length);
  CHECK(error_of(decode_meter_time(hex("38 38 19 05 18 01 19 01 00"))) == mercury_errc::bad_length);
  CHECK(error_of(decode_meter_time(hex("3a 38 19 05 18 01 19 01"))) == mercury_errc::bad_value); // not BCD
  CHECK(error_of(decode_meter_time(hex("60 38 19 05 18 01 19 01"))) == mercury_errc::bad_value); // second 60
  CHECK(error_of(decode_meter_time(hex("00 00 24 05 18 01 19 01"))) == mercury_errc::bad_value); // hour 24
  CHECK(error_of(decode_meter_time(hex("00 00 00 05 29 02 23 01"))) == mercury_errc::bad_value); // 29.02.2023
  CHECK(error_of(decode_meter_time(hex("00 00 00 05 00 01 19 01"))) == mercury_errc::bad_value); // day 0
  CHECK(error_of(decode_meter_time(hex("00 00 00 05 01 13 19 01"))) == mercury_errc::bad_value); // month 13
  CHECK(error_of(decode_meter_time(hex("00 00 00 08 01 01 19 01"))) == mercury_errc::bad_value); // weekday 8
  CHECK(error_of(decode_meter_time(hex("00 00 00 05 01 01 19 02"))) == mercury_errc::bad_value); // season 2
}

TEST_CASE("meter times encode back and follow the site's offset") {
  const meter_time t{38, 38, 19, 5, 18, 1, 19, true};
  CHECK(encode_meter_time(t) == std::array<std::uint8_t, 8>{0x38, 0x38, 0x19, 0x05, 0x18, 0x01, 0x19, 0x01});
  // 16:38:38 UTC is 19:38:38 in Moscow (+03:00), a Friday
  const auto utc = unix_ms_from_utc(2019, 1, 18, 16, 38, 38);
  CHECK(meter_time_at(utc, std::chrono::minutes{180}, true) == t);
  CHECK(meter_time_at(unix_ms_from_utc(2024, 6, 30, 12, 0, 0), std::chrono::minutes{0}, false) ==
        meter_time{0, 0, 12, 7, 30, 6, 24, false}); // a Sunday
  CHECK(meter_time_at(unix_ms_from_utc(2024, 1, 1, 23, 30, 0), std::chrono::minutes{60}, true) ==
        meter_time{0, 30, 0, 2, 2, 1, 24, true}); // Tuesday 2 January, past local midnight
}

TEST_CASE("profile stamps are h m D M Y in BCD") {
  const auto bytes = hex("09 00 04 03 08");
  auto s = decode_profile_stamp(std::span<const std::uint8_t, 5>{bytes.data(), 5});
  REQUIRE(s);
  CHECK(*s == profile_stamp{9, 0, 4, 3, 8});
  CHECK(encode_profile_stamp(*s) == std::array<std::uint8_t, 5>{0x09, 0x00, 0x04, 0x03, 0x08});
  CHECK(wall_clock_ms(*s) == unix_ms_from_utc(2008, 3, 4, 9, 0, 0));
  CHECK(profile_stamp_at(unix_ms_from_utc(2008, 3, 4, 9, 0, 59)) == *s);
  const auto bad = hex("09 60 04 03 08");
  CHECK(error_of(decode_profile_stamp(std::span<const std::uint8_t, 5>{bad.data(), 5})) == mercury_errc::bad_value);
  const auto bad_day = hex("09 00 31 04 08");
  CHECK(error_of(decode_profile_stamp(std::span<const std::uint8_t, 5>{bad_day.data(), 5})) ==
        mercury_errc::bad_value);
}

TEST_CASE("calendar dates") {
  CHECK(valid_date(24, 2, 29));
  CHECK_FALSE(valid_date(23, 2, 29));
  CHECK(valid_date(0, 2, 29)); // 2000 was a leap year
  CHECK_FALSE(valid_date(24, 4, 31));
  CHECK_FALSE(valid_date(24, 0, 1));
  CHECK_FALSE(valid_date(24, 1, 0));
  CHECK(valid_date(24, 12, 31));
}

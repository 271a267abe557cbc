#include "meterhub/neva/clock.hpp"

#include <catch2/catch.hpp>

#include "meterhub/core/time.hpp"
#include "error_of.hpp"
#include "meterhub/neva/error.hpp"

using namespace meterhub;
using namespace meterhub::neva;

using test::error_of;

TEST_CASE("dates are YYMMDD in this century") {
  CHECK(decode_date("240414") == tariff::civil_date{2024, 4, 14});
  CHECK(decode_date("000101") == tariff::civil_date{2000, 1, 1});
  CHECK(decode_date("991231") == tariff::civil_date{2099, 12, 31});
  CHECK(decode_date("240229") == tariff::civil_date{2024, 2, 29});
  CHECK(error_of(decode_date("230229")) == neva_errc::out_of_range);
  CHECK(error_of(decode_date("241301")) == neva_errc::out_of_range);
  CHECK(error_of(decode_date("240001")) == neva_errc::out_of_range);
  CHECK(error_of(decode_date("240431")) == neva_errc::out_of_range);
  CHECK(error_of(decode_date("240400")) == neva_errc::out_of_range);
  CHECK(error_of(decode_date("24041")) == neva_errc::bad_format);
  CHECK(error_of(decode_date("2404145")) == neva_errc::bad_format);
  CHECK(error_of(decode_date("24-4-14")) == neva_errc::bad_format);
  CHECK(error_of(decode_date("")) == neva_errc::bad_format);
}

TEST_CASE("times are hhmmss") {
  CHECK(decode_time("123456") == clock_time{12, 34, 56});
  CHECK(decode_time("000000") == clock_time{0, 0, 0});
  CHECK(decode_time("235959") == clock_time{23, 59, 59});
  CHECK(error_of(decode_time("240000")) == neva_errc::out_of_range);
  CHECK(error_of(decode_time("126000")) == neva_errc::out_of_range);
  CHECK(error_of(decode_time("123460")) == neva_errc::out_of_range);
  CHECK(error_of(decode_time("12:34:56")) == neva_errc::bad_format);
  CHECK(error_of(decode_time("1234 6")) == neva_errc::bad_format);
}

TEST_CASE("day of week counts from Sunday") {
  CHECK(decode_weekday("01") == weekday::sunday);
  CHECK(decode_weekday("02") == weekday::monday);
  CHECK(decode_weekday("07") == weekday::saturday);
  CHECK(error_of(decode_weekday("00")) == neva_errc::out_of_range);
  CHECK(error_of(decode_weekday("08")) == neva_errc::out_of_range);
  CHECK(error_of(decode_weekday("1")) == neva_errc::bad_format);
  CHECK(error_of(decode_weekday("001")) == neva_errc::bad_format);
}

TEST_CASE("the wall clock reads as if it were UTC") {
  CHECK(wall_clock_ms({2024, 4, 14}, {7, 0, 0}) == *parse_iso8601("2024-04-14T07:00:00Z"));
}

#include "meterhub/core/time.hpp"

#include <catch2/catch.hpp>

using namespace meterhub;

TEST_CASE("ISO-8601 formatting") {
  CHECK(format_iso8601(0) == "1970-01-01T00:00:00Z");
  CHECK(format_iso8601(1698539400000) == "2023-10-29T00:30:00Z");
  CHECK(format_iso8601(1698539400123) == "2023-10-29T00:30:00.123Z");
  CHECK(format_iso8601(-1000) == "1969-12-31T23:59:59Z");
}

TEST_CASE("ISO-8601 parsing") {
  CHECK(parse_iso8601("2023-10-29T00:30:00Z") == 1698539400000);
  CHECK(parse_iso8601("2023-10-29T02:30:00+02:00") == 1698539400000);
  CHECK(parse_iso8601("2023-10-29T00:30:00.5Z") == 1698539400500);
  CHECK_FALSE(parse_iso8601("2023-10-29T00:30:00"));
  CHECK_FALSE(parse_iso8601("2023-13-29T00:30:00Z"));
  CHECK_FALSE(parse_iso8601("yesterday"));
}

TEST_CASE("civil date arithmetic") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(unix_ms_from_utc(2024, 2, 29, 12, 0, 0) == 1709208000000);
}

TEST_CASE("fixed UTC offsets as configs write them") {
  using std::chrono::minutes;
  CHECK(meterhub::parse_utc_offset("+03:00") == minutes{180});
  CHECK(meterhub::parse_utc_offset("-05:30") == minutes{-330});
  CHECK(meterhub::parse_utc_offset("UTC") == minutes{0});
  CHECK(meterhub::parse_utc_offset("Z") == minutes{0});
  CHECK_FALSE(meterhub::parse_utc_offset("+3"));
  CHECK_FALSE(meterhub::parse_utc_offset("+15:00"));
  CHECK_FALSE(meterhub::parse_utc_offset("+03:60"));
  CHECK_FALSE(meterhub::parse_utc_offset("Europe/Moscow"));
}

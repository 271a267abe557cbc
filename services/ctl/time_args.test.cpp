#include "time_args.hpp"

#include <catch2/catch.hpp>

using namespace meterhub::ctl;

TEST_CASE("durations and times as people type them") {
  CHECK(parse_duration_ms("15m") == 900'000);
  CHECK(parse_duration_ms("250ms") == 250);
  CHECK(parse_duration_ms("2h") == 7'200'000);
  CHECK_FALSE(parse_duration_ms("15"));
  CHECK_FALSE(parse_duration_ms("m"));
  CHECK_FALSE(parse_duration_ms("-5s"));
  CHECK(parse_time_arg("now", 1000) == 1000);
  CHECK(parse_time_arg("-1s", 5000) == 4000);
  CHECK(parse_time_arg("1970-01-01T00:00:10Z", 0) == 10'000);
  CHECK_FALSE(parse_time_arg("yesterday", 0));
}

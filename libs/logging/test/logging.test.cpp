#include "meterhub/logging/logging.hpp"

#include <catch2/catch.hpp>

using namespace meterhub::logging;

TEST_CASE("the rate limiter lets one line per interval through and counts the rest") {
  rate_limiter limiter{1000};
  std::uint64_t held = 99;
  CHECK(limiter.allow("crc", 0, held));
  CHECK(held == 0);
  CHECK_FALSE(limiter.allow("crc", 10, held));
  CHECK_FALSE(limiter.allow("crc", 999, held));
  CHECK(limiter.allow("other", 500, held));
  CHECK(limiter.allow("crc", 1000, held));
  CHECK(held == 2);
  CHECK(suppressed_note(held) == " (2 similar suppressed)");
  CHECK(suppressed_note(0).empty());
}

TEST_CASE("passwords never reach a log line") {
  CHECK(redact("mqtt://user:secret@host:1883") == "mqtt://user:***@host:1883");
  CHECK(redact("tcp://host:1883") == "tcp://host:1883");
  CHECK(redact("ssl://user@host") == "ssl://user@host");
}

TEST_CASE("loggers are named and share one setup") {
  REQUIRE(init({"debug", false}));
  auto a = get("dsmr");
  CHECK(a == get("dsmr"));
  CHECK(a->level() == spdlog::level::debug);
  CHECK_FALSE(init({"loud", false}));
}

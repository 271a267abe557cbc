#include "meterhub/wire/convert.hpp"

#include "meterhub/core/error.hpp"

#include <catch2/catch.hpp>

using namespace meterhub;

TEST_CASE("a batch survives encode and decode unchanged") {
  reading_batch batch{"p1-e0043007", "p1/host-1", 42, 1700000000123, {}};
  reading energy{"1-0:1.8.1", 123456.0, unit::wh, 1700000000000, 0, ""};
  energy.set(flag::summer_time);
  reading text{"0-0:96.1.1", std::nullopt, unit::none, 1700000000000, 0, "E0043007"};
  reading archive{"1-0:1.8.0", -1.5, unit::wh, 1690000000000, 0, ""};
  archive.set(flag::backfilled);
  archive.set(flag::ambiguous_time);
  batch.readings = {energy, text, archive};
  auto decoded = wire::decode_batch(wire::encode_batch(batch));
  REQUIRE(decoded);
  CHECK(*decoded == batch);
}

TEST_CASE("garbage and bad device ids are rejected with a reason") {
  auto garbage = wire::decode_batch("\xff\xff\xff\xff");
  REQUIRE_FALSE(garbage);
  CHECK(describe(garbage.error()).find("wire: malformed_payload") == 0);
  reading_batch bad{"Bad/Device", "x", 1, 0, {}};
  auto rejected = wire::decode_batch(wire::encode_batch(bad));
  REQUIRE_FALSE(rejected);
  CHECK(describe(rejected.error()).find("invalid_device") != std::string::npos);
}

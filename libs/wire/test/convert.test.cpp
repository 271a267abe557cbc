#include "meterhub/wire/convert.hpp"
#include "meterhub/v1/reading.pb.h"
#include "meterhub/wire/json.hpp"

#include "meterhub/core/error.hpp"

#include <cmath>
#include <limits>
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

TEST_CASE("text a meter sent in ISO 8859-1 still decodes, as UTF-8, in the batch and in JSON") {
  reading_batch b{"p1-x", "p1/host", 7, 1000, {}};
  reading r;
  r.quantity = "0-0:96.13.0";
  r.text = "Prix \xE9nergie";
  r.time_ms = 1000;
  b.readings.push_back(r);
  auto back = wire::decode_batch(wire::encode_batch(b));
  REQUIRE(back); // one stray byte used to make the whole batch undecodable for every consumer
  CHECK(back->readings.at(0).text == "Prix \xC3\xA9nergie");
  CHECK(wire::to_json("p1-x", r)["text"] == "Prix \xC3\xA9nergie");
  CHECK_NOTHROW(wire::to_json("p1-x", r).dump());
}

TEST_CASE("a value that is not a finite number is dropped, its reading kept and flagged invalid") {
  v1::ReadingBatch msg;
  msg.set_device("p1-x");
  auto* nan = msg.add_readings();
  nan->set_quantity("1-0:1.7.0");
  nan->set_value(std::nan(""));
  auto* inf = msg.add_readings();
  inf->set_quantity("1-0:2.7.0");
  inf->set_value(std::numeric_limits<double>::infinity());
  auto* fine = msg.add_readings();
  fine->set_quantity("1-0:1.8.1");
  fine->set_value(12.5);
  auto b = wire::decode_batch(msg.SerializeAsString());
  REQUIRE(b);
  REQUIRE(b->readings.size() == 3);
  for (int i : {0, 1}) {
    CHECK_FALSE(b->readings[static_cast<std::size_t>(i)].value);
    CHECK(b->readings[static_cast<std::size_t>(i)].has(flag::invalid));
  }
  CHECK(b->readings[2].value == 12.5);
}

#include "meterhub/wire/json.hpp"

#include <catch2/catch.hpp>

using namespace meterhub;

TEST_CASE("a reading has one JSON form") {
  reading r{"1-0:1.8.1", 123456.0, unit::wh, 1698539400000, 0, ""};
  r.set(flag::summer_time);
  CHECK(wire::to_json("p1-a", r).dump() ==
        R"({"device":"p1-a","quantity":"1-0:1.8.1","value":123456.0,"unit":"Wh","time":"2023-10-29T00:30:00Z","flags":["summer_time"]})");
  reading text{"0-0:96.1.1", std::nullopt, unit::none, 0, 0, "E0043007"};
  CHECK(wire::to_json("p1-a", text).dump() ==
        R"({"device":"p1-a","quantity":"0-0:96.1.1","unit":"","time":"1970-01-01T00:00:00Z","flags":[],"text":"E0043007"})");
}

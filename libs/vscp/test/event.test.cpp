#include "meterhub/vscp/event.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::vscp;
using namespace meterhub::vscp::test;

namespace {

// shared/specs/vscp.md §5, the complete message of the script's run (value text "0006678.394" from the line).
constexpr std::string_view spec_topic = "vscp/FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:01/1040/13";
constexpr std::string_view spec_payload =
  R"({"vscpHead": 32864, "vscpObId": 0, "vscpDateTime": "2026-12-07T02:03:51Z", "vscpTimeStamp": 1312701418, )"
  R"("vscpClass": 1040, "vscpType": 13, "vscpGuid": "FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:01", )"
  R"("vscpData": [1, 0, 0, 1, 48, 48, 48, 54, 54, 55, 56, 46, 51, 57, 52, 0], )"
  R"("vscpNote": "Meter reading active energy out", )"
  R"("measurement": {"value": 6678.394, "unit": 1, "sensorindex": 1, "zone": 0, "subzone": 0}})";

} // namespace

TEST_CASE("the spec's example message byte for byte, the value without the telegram's zero padding") {
  const auto out = translate(make_batch({make_reading("1-0:1.8.0", 6678394, unit::wh)}), example_settings(),
                             example_now_ms);
  REQUIRE(out.size() == 1);
  CHECK(out[0].topic == spec_topic);
  CHECK(out[0].qos == 0);
  CHECK_FALSE(out[0].retained);
  // spec §10: values are numbers, so the data bytes carry "6678.394" where the script sent "0006678.394"; every
  // other byte is the script's.
  std::string expected{spec_payload};
  const std::string padded = "1, 48, 48, 48, 54, 54";
  expected.replace(expected.find(padded), padded.size(), "1, 54, 54");
  CHECK(out[0].payload == expected);
  CHECK(out[0].payload ==
        R"({"vscpHead": 32864, "vscpObId": 0, "vscpDateTime": "2026-12-07T02:03:51Z", "vscpTimeStamp": )"
        R"(1312701418, "vscpClass": 1040, "vscpType": 13, "vscpGuid": )"
        R"("FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:01", "vscpData": [1, 0, 0, 1, 54, 54, 55, 56, 46, 51, 57, )"
        R"(52, 0], "vscpNote": "Meter reading active energy out", "measurement": {"value": 6678.394, "unit": 1, )"
        R"("sensorindex": 1, "zone": 0, "subzone": 0}})");
}

TEST_CASE("the timestamp is the clock's milliseconds modulo 2^32") {
  measurement_event e;
  e.value = 1.0;
  const auto at = [&](std::int64_t now) {
    const auto json = nlohmann::json::parse(event_json(e, now));
    return json["vscpTimeStamp"].get<std::uint64_t>();
  };
  CHECK(at(example_now_ms) == 1312701418);
  CHECK(at((std::int64_t{1} << 32) + 5) == 5);
  CHECK(at(4294967295) == 4294967295u);
  CHECK(at(-1) == 4294967295u);
}

TEST_CASE("zone and subzone go into data bytes 1 and 2 and the measurement object") {
  auto s = example_settings();
  s.zone = 3;
  s.subzone = 250;
  const auto out = translate(make_batch({make_reading("1-0:32.7.0", 230.0, unit::v)}), s, example_now_ms);
  REQUIRE(out.size() == 1);
  const auto j = nlohmann::json::parse(out[0].payload);
  CHECK(j["vscpData"].get<std::vector<int>>() == std::vector<int>{21, 3, 250, 0, 50, 51, 48, 46, 48, 0});
  CHECK(j["measurement"] == nlohmann::json::parse(
                              R"({"value": 230.0, "unit": 1, "sensorindex": 21, "zone": 3, "subzone": 250})"));
}

TEST_CASE("class 1060 carries the value as a big-endian double") {
  measurement_event e;
  e.vscp_class = class_measurement_float;
  e.type = 32;
  e.sensor_index = 2;
  e.unit = 0;
  e.measurement_unit = 0;
  e.value = 50.0;
  CHECK(event_data(e) == std::vector<std::uint8_t>{2, 0, 0, 0, 0x40, 0x49, 0, 0, 0, 0, 0, 0});
  const auto j = nlohmann::json::parse(event_json(e, 0));
  CHECK(j["vscpClass"] == 1060);
  CHECK(j["measurement"]["value"] == 50.0);
}

TEST_CASE("class 1040 data is index, zone, subzone, unit, the value's ASCII and a NUL") {
  measurement_event e;
  e.sensor_index = 7;
  e.zone = 1;
  e.subzone = 2;
  e.unit = 1;
  e.value = 1e16;
  CHECK(event_data(e) == std::vector<std::uint8_t>{7, 1, 2, 1, '1', 'e', '+', '1', '6', 0});
  e.value = -0.5;
  CHECK(event_data(e) == std::vector<std::uint8_t>{7, 1, 2, 1, '-', '0', '.', '5', 0});
}

TEST_CASE("notes with quotes and non-ASCII text are escaped as json.dumps does") {
  measurement_event e;
  e.note = "M\xC3\xA4tare \"1\"";
  const auto json = event_json(e, 0);
  CHECK(json.find(R"("vscpNote": "M\u00e4tare \"1\"", )") != std::string::npos);
  CHECK(nlohmann::json::parse(json)["vscpNote"] == e.note);
}

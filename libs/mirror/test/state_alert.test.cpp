#include <catch2/catch.hpp>

#include "batches.hpp"
#include "meterhub/mirror/alert.hpp"
#include "meterhub/mirror/device_state.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/v1/status.pb.h"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/device_state.hpp"

using namespace meterhub;
using namespace meterhub::mirror;
using namespace mirror_test;

namespace {

std::string p1_state(v1::Health health) {
  wire::device_report r;
  r.device = "p1-kitchen";
  r.protocol = "dsmr";
  r.source = "p1/host-1";
  r.health = health;
  r.reason = health == v1::HEALTH_ONLINE ? "" : "no telegram for 30 s";
  r.model = "XMX5LGBBFG1012345678";
  r.firmware = "DSMR 5.0";
  r.last_success_ms = utc("2023-10-29T01:30:00Z");
  r.counters = {{"telegrams_ok", 1200}, {"crc_errors", 3}};
  return wire::encode_device_state(r, utc("2023-10-29T01:30:01Z"));
}

std::string alert_bytes(v1::AlertState state, bool with_reading) {
  v1::Alert a;
  a.set_device("modbus-sdm630-1");
  a.set_rule("overvoltage L1");
  a.set_quantity("1-0:32.7.0");
  a.set_state(state);
  a.set_message("voltage L1 above 253 V for 10 min");
  a.set_time_unix_ms(utc("2024-03-01T12:10:00Z"));
  if (with_reading)
    wire::to_proto(reading{"1-0:32.7.0", 254.2, unit::v, utc("2024-03-01T12:10:00Z"), 0, {}}, *a.mutable_reading());
  return a.SerializeAsString();
}

} // namespace

TEST_CASE("mirror state: DeviceState bytes decode into the device's facts") {
  auto s = decode_device_state(p1_state(v1::HEALTH_DEGRADED));
  REQUIRE(s);
  CHECK(s->device == "p1-kitchen");
  CHECK(s->health == device_health::degraded);
  CHECK(s->protocol == "dsmr");
  CHECK(s->model == "XMX5LGBBFG1012345678");
  CHECK(s->firmware == "DSMR 5.0");
  CHECK(s->counters.at("crc_errors") == 3);
  CHECK(s->updated_ms == utc("2023-10-29T01:30:01Z"));
  auto bad = decode_device_state("\xff\xff\xff");
  REQUIRE_FALSE(bad);
  CHECK(bad.error() == mirror_errc::malformed_state);
}

TEST_CASE("mirror state: the state JSON and the availability are retained") {
  settings cfg;
  const topic_builder topics{cfg};
  auto status = decode_device_state(p1_state(v1::HEALTH_ONLINE));
  REQUIRE(status);
  const auto out = state_messages(cfg, topics, "p1-kitchen", *status);
  REQUIRE(out.size() == 2);
  CHECK(out[0].topic == "meters/p1-kitchen/state");
  CHECK(out[0].retained);
  const auto j = nlohmann::json::parse(out[0].payload);
  CHECK(j["health"] == "online");
  CHECK(j["available"] == true);
  CHECK(j["model"] == "XMX5LGBBFG1012345678");
  CHECK(j["last_success"] == "2023-10-29T01:30:00Z");
  CHECK(j["counters"]["telegrams_ok"] == 1200);
  CHECK(j["attributes"].is_object());
  CHECK(out[1].topic == "meters/p1-kitchen/availability");
  CHECK(out[1].payload == "online");
  CHECK(out[1].retained);
}

TEST_CASE("mirror state: degraded devices are available, offline and unknown ones are not") {
  CHECK(availability_of(device_health::online) == "online");
  CHECK(availability_of(device_health::degraded) == "online");
  CHECK(availability_of(device_health::offline) == "offline");
  CHECK(availability_of(device_health::unknown) == "offline");
  device_status never;
  const auto j = state_json("x", never);
  CHECK(j["health"] == "unknown");
  CHECK(j["last_success"].is_null());
  CHECK(j["updated_unix_ms"].is_null());
}

TEST_CASE("mirror alerts: an alert goes out as an event and as the rule's retained state") {
  settings cfg;
  const topic_builder topics{cfg};
  auto a = decode_alert(alert_bytes(v1::ALERT_STATE_RAISED, true));
  REQUIRE(a);
  CHECK(a->raised);
  REQUIRE(a->reading);
  CHECK(a->reading->value == 254.2);
  const auto out = alert_messages(cfg, topics, "modbus-sdm630-1", *a);
  REQUIRE(out.size() == 2);
  CHECK(out[0].topic == "meters/modbus-sdm630-1/alert");
  CHECK_FALSE(out[0].retained);
  CHECK(out[1].topic == "meters/modbus-sdm630-1/alert/overvoltage_L1");
  CHECK(out[1].retained);
  const auto j = nlohmann::json::parse(out[0].payload);
  CHECK(j["rule"] == "overvoltage L1");
  CHECK(j["name"] == "voltage_l1_v");
  CHECK(j["state"] == "raised");
  CHECK(j["active"] == true);
  CHECK(j["time"] == "2024-03-01T12:10:00Z");
  CHECK(j["reading"]["value"] == 254.2);
  auto cleared = decode_alert(alert_bytes(v1::ALERT_STATE_CLEARED, false));
  REQUIRE(cleared);
  const auto again = nlohmann::json::parse(alert_messages(cfg, topics, "modbus-sdm630-1", *cleared)[1].payload);
  CHECK(again["active"] == false);
  CHECK_FALSE(again.contains("reading"));
}

TEST_CASE("mirror alerts: bytes that are no alert, or an alert without a state, are refused") {
  CHECK(decode_alert("\x0a\xff").error() == mirror_errc::malformed_alert);
  CHECK(decode_alert(alert_bytes(v1::ALERT_STATE_UNSPECIFIED, false)).error() == mirror_errc::malformed_alert);
  CHECK(decode_alert("").error() == mirror_errc::malformed_alert);
}

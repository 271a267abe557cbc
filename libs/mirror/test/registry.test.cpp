#include "meterhub/mirror/discovery_registry.hpp"

#include <catch2/catch.hpp>

#include "batches.hpp"
#include "meterhub/mirror/error.hpp"

using namespace meterhub;
using namespace meterhub::mirror;
using namespace mirror_test;

namespace {

std::vector<message> observe(discovery_registry& r, const settings& s, const reading_batch& b) {
  return r.observe_values(s, topic_builder{s}, b, state_readings(b));
}

device_status p1_status() {
  device_status st;
  st.device = "p1-kitchen";
  st.health = device_health::online;
  st.protocol = "dsmr";
  st.model = "XMX5LGBBFG1012345678";
  st.firmware = "DSMR 5.0";
  return st;
}

std::size_t configs(const std::vector<message>& out) {
  return count_under(out, "homeassistant/");
}

} // namespace

TEST_CASE("discovery registry: a config is announced once per device and value") {
  const settings s;
  discovery_registry r;
  const auto batch = p1_batch();
  const auto first = observe(r, s, batch);
  CHECK(configs(first) == state_readings(batch).size());
  REQUIRE(on_topic(first, "homeassistant/sensor/p1-kitchen/energy_import_t1_wh/config"));
  CHECK(on_topic(first, "homeassistant/sensor/p1-kitchen/energy_import_t1_wh/config")->retained);
  const auto rev = r.revision();
  CHECK(observe(r, s, p1_batch(8)).empty());
  CHECK(r.revision() == rev);
  CHECK(r.quantity_of("p1-kitchen", "mbus1_volume_m3") == "0-1:24.2.1");
  CHECK_FALSE(r.quantity_of("p1-kitchen", "nothing"));
  CHECK_FALSE(r.quantity_of("nobody", "voltage_l1_v"));
}

TEST_CASE("discovery registry: the gas channel is announced as gas once its device type is known") {
  const settings s;
  discovery_registry r;
  const auto out = observe(r, s, p1_batch());
  const auto* gas = on_topic(out, "homeassistant/sensor/p1-kitchen/mbus1_volume_m3/config");
  REQUIRE(gas);
  CHECK(nlohmann::json::parse(gas->payload)["device_class"] == "gas");
  auto water = p1_batch(9);
  for (auto& rd : water.readings)
    if (rd.quantity == "0-1:24.1.0")
      rd.value = 7.0;
  const auto again = observe(r, s, water);
  REQUIRE(configs(again) == 1);
  CHECK(nlohmann::json::parse(again[0].payload)["device_class"] == "water");
}

TEST_CASE("discovery registry: configs are announced again when the device facts change") {
  const settings s;
  const topic_builder topics{s};
  discovery_registry r;
  const auto values = configs(observe(r, s, p1_batch()));
  const auto first = r.observe_device(s, topics, "p1-kitchen", p1_status());
  CHECK(configs(first) == values);
  const auto j = nlohmann::json::parse(on_topic(first, "homeassistant/sensor/p1-kitchen/voltage_l1_v/config")->payload);
  CHECK(j["device"]["model"] == "XMX5LGBBFG1012345678");
  CHECK(j["availability_topic"] == "meters/p1-kitchen/availability");
  auto degraded = p1_status();
  degraded.health = device_health::degraded;
  degraded.counters["crc_errors"] = 4;
  CHECK(r.observe_device(s, topics, "p1-kitchen", degraded).empty()); // health and counters are not in configs
  degraded.firmware = "DSMR 5.0.2";
  CHECK(configs(r.observe_device(s, topics, "p1-kitchen", degraded)) == values);
}

TEST_CASE("discovery registry: a removed device leaves nothing retained behind") {
  const settings s;
  const topic_builder topics{s};
  discovery_registry r;
  const auto announced = observe(r, s, p1_batch());
  (void) r.observe_device(s, topics, "p1-kitchen", p1_status());
  r.observe_alert_rule("p1-kitchen", "no gas", topics.alert_rule("p1-kitchen", "no gas"));
  const auto out = r.remove_device(s, "p1-kitchen");
  const auto values = state_readings(p1_batch()).size();
  REQUIRE(out.size() == 2 * values + 3);
  for (const auto& m : out) {
    CHECK(m.payload.empty());
    CHECK(m.retained);
  }
  for (std::size_t i = 0; i < values; ++i)
    CHECK(out[i].topic.starts_with("homeassistant/sensor/p1-kitchen/")); // configs first
  CHECK(on_topic(out, "meters/p1-kitchen/voltage_l1_v"));
  CHECK(on_topic(out, "meters/p1-kitchen/alert/no_gas"));
  CHECK(on_topic(out, "meters/p1-kitchen/state"));
  CHECK(on_topic(out, "meters/p1-kitchen/availability"));
  CHECK_FALSE(r.find("p1-kitchen"));
  CHECK(r.remove_device(s, "p1-kitchen").empty());
  CHECK(configs(observe(r, s, p1_batch(10))) == values); // it comes back as new
}

TEST_CASE("discovery registry: saved and read back, it announces nothing again") {
  const settings s;
  const topic_builder topics{s};
  discovery_registry r;
  (void) observe(r, s, p1_batch());
  (void) observe(r, s, modbus_batch());
  (void) r.observe_device(s, topics, "p1-kitchen", p1_status());
  r.observe_alert_rule("p1-kitchen", "no gas", topics.alert_rule("p1-kitchen", "no gas"));
  auto back = discovery_registry::from_json(r.to_json());
  REQUIRE(back);
  CHECK(*back == r);
  CHECK(back->devices() == std::vector<std::string>{"modbus-sdm630-1", "p1-kitchen"});
  CHECK(observe(*back, s, p1_batch(11)).empty());
  CHECK(back->reconcile(s, topics).empty());
  CHECK(back->find("p1-kitchen")->mbus_types.at(1) == 3);
}

TEST_CASE("discovery registry: a damaged state file is refused with the place") {
  auto why = [](std::string_view text) {
    auto r = discovery_registry::from_json(text);
    REQUIRE_FALSE(r);
    CHECK(r.error() == mirror_errc::bad_registry);
    return describe(r.error());
  };
  CHECK(why("not json").find("not a JSON object") != std::string::npos);
  CHECK(why(R"({"format":2,"devices":{}})").find("format") != std::string::npos);
  CHECK(why(R"({"format":1})").find("devices") != std::string::npos);
  CHECK(why(std::string{"{\"format\":1,\"devices\":{}}\0x", 27}).find("contains NUL") != std::string::npos);
  CHECK(why(R"({"format":1,"devices":{"Bad":{}}})").find("devices.Bad") != std::string::npos);
  discovery_registry r;
  const settings s;
  (void) observe(r, s, modbus_batch());
  auto text = r.to_json();
  const auto at = text.find("\"unit\": \"V\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 11, "\"unit\": \"Q\"");
  CHECK(why(text).find(".unit: unknown unit 'Q'") != std::string::npos);
  CHECK(discovery_registry::from_json(R"({"format":1,"devices":{}})"));
  auto wild = r.to_json();
  const auto topic = wild.find("meters/modbus-sdm630-1/voltage_l1_v");
  REQUIRE(topic != std::string::npos);
  wild.replace(topic, 6, "meters/#");
  CHECK(why(wild).find(".value_topic: must not contain the wildcards") != std::string::npos);
  auto named = r.to_json();
  named.replace(named.find("\"di_3\": {"), 6, "\"Di 3\"");
  CHECK(why(named).find("values.Di 3: not a readable name") != std::string::npos);
}

TEST_CASE("discovery registry: reconcile follows changed settings") {
  settings s;
  discovery_registry r;
  (void) observe(r, s, p1_batch());
  (void) observe(r, s, modbus_batch());
  const auto values = state_readings(p1_batch()).size();

  s.devices.deny = {"modbus-*"};
  auto out = r.reconcile(s, topic_builder{s});
  CHECK(count_under(out, "meters/modbus-sdm630-1/") == 12);
  CHECK(count_under(out, "homeassistant/sensor/modbus-sdm630-1/") == 12);
  CHECK_FALSE(r.find("modbus-sdm630-1"));

  s.topics.value = "{prefix}/{device}/value/{name}";
  out = r.reconcile(s, topic_builder{s});
  CHECK(count_under(out, "meters/p1-kitchen/value/") == 0); // old topics cleared, new ones come with values
  CHECK(on_topic(out, "meters/p1-kitchen/voltage_l1_v")->payload.empty());
  const auto* cfg = on_topic(out, "homeassistant/sensor/p1-kitchen/voltage_l1_v/config");
  REQUIRE(cfg);
  CHECK(nlohmann::json::parse(cfg->payload)["state_topic"] == "meters/p1-kitchen/value/voltage_l1_v");
  CHECK(out.size() == 2 * values);

  s.discovery.enabled = false;
  out = r.reconcile(s, topic_builder{s});
  CHECK(out.size() == values);
  for (const auto& m : out)
    CHECK((m.topic.starts_with("homeassistant/") && m.payload.empty()));
  CHECK(r.reconcile(s, topic_builder{s}).empty());
}

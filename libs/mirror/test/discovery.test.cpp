#include "meterhub/mirror/discovery.hpp"

#include <catch2/catch.hpp>

#include "batches.hpp"

using namespace meterhub;
using namespace meterhub::mirror;

namespace {

sensor_class of(std::string_view quantity, unit u, mbus_medium m = mbus_medium::unknown, bool reactive = true) {
  return classify(quantity, u, false, m, reactive);
}

nlohmann::json payload(const settings& s, const device_identity& id, value_facts v, std::string device = "p1-kitchen") {
  return nlohmann::json::parse(discovery_message(s, topic_builder{s}, device, id, v).payload);
}

const device_identity p1_identity{"dsmr", "XMX5LGBBFG1012345678", "DSMR 5.0", true};

} // namespace

TEST_CASE("discovery classes: energy counters are what the Energy dashboard takes") {
  for (auto q : {"1-0:1.8.0", "1-0:1.8.1", "1-0:2.8.2", "1-0:21.8.0", "1-0:15.8.0"}) {
    const auto c = of(q, unit::wh);
    CHECK(c.device_class == "energy");
    CHECK(c.state_class == "total_increasing");
    CHECK(c.unit == "Wh");
  }
  CHECK(of("1-0:16.8.0", unit::wh).state_class == "total");
  CHECK(of("x:energy_counter", unit::wh).state_class == "total_increasing");
  const auto period = of("1-0:1.29.0", unit::wh); // energy of a period: no energy class on a measurement
  CHECK(period.device_class.empty());
  CHECK(period.state_class == "measurement");
}

TEST_CASE("discovery classes: instantaneous values are measurements with their device class") {
  CHECK(of("1-0:1.7.0", unit::w).device_class == "power");
  CHECK(of("1-0:1.7.0", unit::w).state_class == "measurement");
  CHECK(of("1-0:3.7.0", unit::var).device_class == "reactive_power");
  CHECK(of("1-0:9.7.0", unit::va).device_class == "apparent_power");
  CHECK(of("1-0:32.7.0", unit::v).device_class == "voltage");
  CHECK(of("1-0:31.7.0", unit::a).device_class == "current");
  CHECK(of("1-0:14.7.0", unit::hz).device_class == "frequency");
  CHECK(of("x:temperature", unit::celsius).unit == "°C");
  CHECK(of("1-0:99.97.0", unit::second).device_class == "duration");
  const auto pf = of("1-0:33.7.0", unit::none);
  CHECK(pf.device_class == "power_factor");
  CHECK(pf.unit.empty());
  const auto angle = of("1-0:81.7.4", unit::degree);
  CHECK(angle.device_class.empty());
  CHECK(angle.unit == "°");
}

TEST_CASE("discovery classes: reactive energy has its class unless turned off") {
  CHECK(of("1-0:3.8.0", unit::varh).device_class == "reactive_energy");
  CHECK(of("1-0:3.8.0", unit::varh, mbus_medium::unknown, false).device_class.empty());
  CHECK(of("1-0:3.8.0", unit::varh, mbus_medium::unknown, false).state_class == "total_increasing");
  CHECK(of("1-0:9.8.0", unit::vah).device_class.empty());
}

TEST_CASE("discovery classes: M-Bus channels are gas or water by their device type") {
  CHECK(medium_of_mbus_type(3) == mbus_medium::gas);
  CHECK(medium_of_mbus_type(7) == mbus_medium::water);
  CHECK(medium_of_mbus_type(4) == mbus_medium::heat);
  CHECK(medium_of_mbus_type(99) == mbus_medium::unknown);
  CHECK(of("0-1:24.2.1", unit::m3, mbus_medium::gas).device_class == "gas");
  CHECK(of("0-2:24.2.1", unit::m3, mbus_medium::water).device_class == "water");
  CHECK(of("0-1:24.2.1", unit::m3).device_class == "gas");
  CHECK(of("0-1:24.2.1", unit::m3).unit == "m³");
  CHECK(of("0-1:24.2.1", unit::m3).state_class == "total_increasing");
  CHECK(of("0-2:24.2.1", unit::gj, mbus_medium::heat).device_class == "energy");
}

TEST_CASE("discovery classes: codes, counts and text") {
  CHECK(of("0-0:96.7.21", unit::none).state_class == "total_increasing");
  CHECK(of("1-0:32.32.0", unit::none).state_class == "total_increasing");
  CHECK(of("0-0:96.14.0", unit::none).state_class.empty());
  CHECK(of("0-1:24.1.0", unit::none).diagnostic);
  CHECK(of("x:di_count.3", unit::none).state_class == "total_increasing");
  CHECK(of("x:machine_state", unit::none).state_class == "measurement");
  const auto text = classify("0-0:96.1.1", unit::none, true, mbus_medium::unknown, true);
  CHECK(text.state_class.empty());
  CHECK(text.device_class.empty());
  CHECK(text.diagnostic);
}

TEST_CASE("discovery payload: an energy counter of a P1 meter") {
  settings s;
  s.discovery.origin_version = "1.4.0";
  const auto j = payload(s, p1_identity, {"energy_import_t1_wh", "1-0:1.8.1", unit::wh, false, {}});
  CHECK(j["name"] == "Energy import tariff 1");
  CHECK(j["unique_id"] == "meterhub_p1-kitchen_energy_import_t1_wh");
  CHECK(j["object_id"] == "p1-kitchen_energy_import_t1_wh");
  CHECK(j["default_entity_id"] == "sensor.p1_kitchen_energy_import_t1_wh");
  CHECK(j["state_topic"] == "meters/p1-kitchen/energy_import_t1_wh");
  CHECK(j["unit_of_measurement"] == "Wh");
  CHECK(j["device_class"] == "energy");
  CHECK(j["state_class"] == "total_increasing");
  CHECK(j["availability_topic"] == "meters/p1-kitchen/availability");
  CHECK(j["payload_available"] == "online");
  CHECK(j["payload_not_available"] == "offline");
  CHECK(j["device"]["identifiers"] == nlohmann::json::array({"meterhub_p1-kitchen"}));
  CHECK(j["device"]["name"] == "p1-kitchen");
  CHECK(j["device"]["model"] == "XMX5LGBBFG1012345678");
  CHECK(j["device"]["manufacturer"] == "DSMR P1");
  CHECK(j["device"]["sw_version"] == "DSMR 5.0");
  CHECK(j["origin"]["name"] == "meterhub");
  CHECK(j["origin"]["sw_version"] == "1.4.0");
  CHECK_FALSE(j.contains("entity_category"));
  CHECK_FALSE(j.contains("value_template"));
}

TEST_CASE("discovery payload: the topic and the device block") {
  settings s;
  s.discovery.prefix = "ha";
  s.discovery.device_names["p1-kitchen"] = "Kitchen meter";
  const auto m = discovery_message(s, topic_builder{s}, "p1-kitchen", p1_identity,
                                   {"voltage_l1_v", "1-0:32.7.0", unit::v, false, {}});
  CHECK(m.topic == "ha/sensor/p1-kitchen/voltage_l1_v/config");
  CHECK(m.retained);
  CHECK(nlohmann::json::parse(m.payload)["device"]["name"] == "Kitchen meter");
  const auto unknown = payload(s, {}, {"voltage_l1_v", "1-0:32.7.0", unit::v, false, {}});
  CHECK_FALSE(unknown["device"].contains("model"));
  CHECK_FALSE(unknown["device"].contains("manufacturer"));
  CHECK_FALSE(unknown.contains("availability_topic")); // no state seen: nothing would ever say online
}

TEST_CASE("discovery payload: the bridge's own availability joins the device's") {
  settings s;
  s.discovery.bridge_availability_topic = "meters/bridge/status";
  auto j = payload(s, p1_identity, {"voltage_l1_v", "1-0:32.7.0", unit::v, false, {}});
  REQUIRE(j["availability"].size() == 2);
  CHECK(j["availability"][0]["topic"] == "meters/bridge/status");
  CHECK(j["availability"][1]["topic"] == "meters/p1-kitchen/availability");
  CHECK(j["availability_mode"] == "all");
  CHECK_FALSE(j.contains("availability_topic"));
  j = payload(s, {}, {"voltage_l1_v", "1-0:32.7.0", unit::v, false, {}});
  CHECK(j["availability_topic"] == "meters/bridge/status");
}

TEST_CASE("discovery payload: text values, gas channels and device ids with dots") {
  settings s;
  auto j = payload(s, p1_identity, {"text_message", "0-0:96.13.0", unit::none, true, {}});
  CHECK_FALSE(j.contains("entity_category")); // the supplier's message is for the user
  CHECK(payload(s, p1_identity, {"equipment_id", "0-0:96.1.1", unit::none, true, {}})["entity_category"] ==
        "diagnostic");
  CHECK(j["value_template"] == "{{ value[:255] }}");
  CHECK_FALSE(j.contains("state_class"));
  CHECK_FALSE(j.contains("unit_of_measurement"));
  j = payload(s, p1_identity, {"mbus2_volume_m3", "0-2:24.2.1", unit::m3, false, mbus_medium::water});
  CHECK(j["device_class"] == "water");
  CHECK(j["name"] == "M-Bus 2 meter reading");
  j = payload(s, {}, {"voltage_l1_v", "1-0:32.7.0", unit::v, false, {}}, "modbus-1.2");
  CHECK(j["object_id"] == "modbus-1_2_voltage_l1_v");
  CHECK(j["default_entity_id"] == "sensor.modbus_1_2_voltage_l1_v");
  CHECK(j["unique_id"] == "meterhub_modbus-1.2_voltage_l1_v");
}

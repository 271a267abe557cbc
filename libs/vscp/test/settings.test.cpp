#include "meterhub/vscp/settings.hpp"

#include <limits>

#include <catch2/catch.hpp>

#include "meterhub/core/error.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::vscp;
using namespace meterhub::vscp::test;

TEST_CASE("defaults are the script's and config.ini's") {
  const settings s;
  CHECK(s.profile == profile::script);
  CHECK_FALSE(s.no_vscp);
  CHECK(s.topic == "vscp/{xguid}/{xclass}/{xtype}");
  CHECK(s.zone == 0);
  CHECK(s.subzone == 0);
  CHECK(s.qos == 0);
  CHECK(s.send == switches{});
  CHECK(s.values[0] == value_settings{1, 1, "Meter reading active energy out"});
  CHECK(s.values[16] == value_settings{17, 17, "Reactive effect L2 out"});
  CHECK(s.values[25] == value_settings{26, 26, "Current L3"});
}

TEST_CASE("the sensor index a profile publishes") {
  auto s = example_settings();
  CHECK(sensor_index_of(s, 0) == 1);
  CHECK(sensor_index_of(s, 16) == 0);
  s.values[3].sensor_index.reset();
  CHECK(sensor_index_of(s, 3) == 0);
  s.profile = profile::spec;
  CHECK(sensor_index_of(s, 16) == 17);
  CHECK(sensor_index_of(s, 3) == 4);
}

TEST_CASE("validate refuses what cannot be published") {
  CHECK_FALSE(validate(example_settings()));
  settings no_mac;
  CHECK(describe(validate(no_mac)) == "vscp: bad_value: mac: needed for the events' GUIDs when no guid is configured");
  no_mac.no_vscp = true;
  CHECK_FALSE(validate(no_mac));
  auto s = example_settings();
  s.topic = "vscp/{guid}";
  CHECK(describe(validate(s)) == "vscp: bad_topic: topic: 'vscp/{guid}': unknown placeholder {guid} (only {xguid}, "
                                 "{xclass} and {xtype} exist)");
  s = example_settings();
  s.qos = 3;
  CHECK(describe(validate(s)) == "vscp: bad_value: qos: 3 is not 0, 1 or 2");
}

TEST_CASE("validate refuses bad custom mappings with the field") {
  const auto with = [](custom_mapping m) {
    auto s = example_settings();
    s.custom.push_back({"x:ok", class_measurement_str, 1, 0, 0, 0, "ok", 1.0});
    s.custom.push_back(std::move(m));
    return describe(validate(s));
  };
  CHECK(with({"x:temp", class_measurement_float, 6, 1, 0, 0, "Temperature", 1.0}).empty());
  CHECK(with({"", 1040, 1, 0, 0, 0, "n", 1.0}) == "vscp: bad_mapping: custom[1].quantity: empty");
  CHECK(with({"x:ok", 1040, 1, 0, 0, 0, "n", 1.0}) == "vscp: bad_mapping: custom[1].quantity: x:ok is mapped twice");
  CHECK(with({"1-0:1.8.0", 1040, 1, 0, 0, 0, "n", 1.0}) ==
        "vscp: bad_mapping: custom[1].quantity: 1-0:1.8.0 is one of the script's 26 values; configure its id, "
        "sensor index and note instead");
  CHECK(with({"x:t", 10, 6, 0, 0, 0, "n", 1.0}) ==
        "vscp: bad_mapping: custom[1].class: 10 is not 1040 (MEASUREMENT_STR) or 1060 (MEASUREMENT_FLOAT), the "
        "classes with sensor index, zone, subzone and unit in data bytes 0-3");
  CHECK(with({"x:t", 1040, 6, 0, 0, 0, "n", 0.0}) ==
        "vscp: bad_mapping: custom[1].scale: must be a finite number other than 0");
  CHECK(with({"x:t", 1040, 6, 0, 0, 0, "n", std::numeric_limits<double>::infinity()}) ==
        "vscp: bad_mapping: custom[1].scale: must be a finite number other than 0");
}

TEST_CASE("check_settings warns about a configured GUID and an empty topic") {
  auto s = example_settings();
  CHECK(check_settings(s).empty());
  s.configured_guid = *parse_guid("00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:00");
  s.topic = "";
  const auto w = check_settings(s);
  REQUIRE(w.size() == 2);
  CHECK(w[0].key == "guid");
  CHECK(w[0].reason == configured_guid_warning(*s.configured_guid, s.mac));
  CHECK(to_string(w[1]) == "topic: empty: no VSCP event is published (as in the script)");
}

TEST_CASE("check_settings warns in no_vscp mode about notes that are no topic") {
  auto s = example_settings();
  s.no_vscp = true;
  s.values[21].note = "";
  s.values[0].note = "a/#";
  s.send.energy = false; // a switched-off value is not worth a warning
  s.custom.push_back({"x:t", 1040, 6, 0, 0, 0, "", 1.0});
  const auto w = check_settings(s);
  REQUIRE(w.size() == 2);
  CHECK(to_string(w[0]) == "values.voltage_l2.note: '' is no MQTT topic (empty, a wildcard or a NUL); in no_vscp "
                           "mode the note is the topic, so this value is skipped");
  CHECK(to_string(w[1]) == "custom[0].note: '' is no MQTT topic; in no_vscp mode this mapping is skipped");
}

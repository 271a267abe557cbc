#include "meterhub/vscp/config_ini.hpp"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "meterhub/core/error.hpp"

using namespace meterhub;
using namespace meterhub::vscp;

namespace {

std::string sample() {
  std::ifstream in{MH_TEST_DATA_DIR "/vscp/config.ini"};
  REQUIRE(in);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A config.ini with the three required sections holding the given lines.
std::string config(std::string_view general, std::string_view vscp = "", std::string_view mqtt = "") {
  return "[GENERAL]\n" + std::string{general} + "\n[VSCP]\n" + std::string{vscp} + "\n[MQTT]\n" +
         std::string{mqtt} + "\n[SERIAL]\n";
}

ini_config read(const std::string& text) {
  auto cfg = read_config_ini(text);
  INFO((cfg ? std::string{} : describe(cfg.error())));
  REQUIRE(cfg);
  return std::move(*cfg);
}

/// The reasons of the warnings about `key`.
std::vector<std::string> warnings_for(const ini_config& cfg, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& w : cfg.warnings)
    if (w.key == key)
      out.push_back(w.reason);
  return out;
}

std::string refused(const std::string& text) {
  auto cfg = read_config_ini(text);
  REQUIRE_FALSE(cfg);
  return describe(cfg.error());
}

} // namespace

TEST_CASE("the sample config.ini reads with the script's values") {
  const auto cfg = read(sample());
  const auto& s = cfg.vscp_settings;
  CHECK_FALSE(cfg.one_shot);
  CHECK_FALSE(s.no_vscp);
  CHECK(s.send == switches{});
  CHECK_FALSE(s.configured_guid);
  CHECK(s.topic == "vscp/{xguid}/{xclass}/{xtype}");
  CHECK(s.values == default_values());
  CHECK(cfg.mqtt == mqtt_config{"192.168.1.20", 1883, "p1meter", "hemligt%42"});
  std::vector<std::string> lines;
  for (const auto& w : cfg.warnings)
    lines.push_back(to_string(w));
  CHECK(lines == std::vector<std::string>{
                   "VSCP.sensorindex_momentan_reactive_effect_l2_out: 17 is used by the spec profile only: the "
                   "script profile sends 0 as vscp-python-p1-power-meter did (a misspelled variable)",
                   "SERIAL.serial_port: ignored: meterhub-p1 reads the meter and the bridge takes its readings from "
                   "the bus",
                   "SERIAL.serial_baudrate: ignored: meterhub-p1 reads the meter and the bridge takes its readings "
                   "from the bus",
                   "SERIAL.serial_timeout: ignored: meterhub-p1 reads the meter and the bridge takes its readings "
                   "from the bus"});
}

TEST_CASE("config.ini booleans, meterhub's words and the script's rule") {
  const auto cfg = read(config("one_shot = false:\nno_vscp = True\nsend_energy = off\nsend_active_effect = yes\n"
                               "send_reactive_effect = untrue\nsend_voltage = FALSE\nsend_current = 0\n"));
  const auto& s = cfg.vscp_settings;
  CHECK_FALSE(cfg.one_shot);
  CHECK(s.no_vscp);
  CHECK_FALSE(s.send.energy);
  CHECK(s.send.active_effect);
  CHECK(s.send.reactive_effect);
  CHECK_FALSE(s.send.voltage);
  CHECK_FALSE(s.send.current);
  CHECK(warnings_for(cfg, "GENERAL.one_shot") ==
        std::vector<std::string>{"'false:' is not true/false, yes/no, on/off or 1/0; read as false as "
                                 "vscp-python-p1-power-meter did (true when the text contains 'true')"});
  CHECK(warnings_for(cfg, "GENERAL.no_vscp") ==
        std::vector<std::string>{"'True' is read as true; vscp-python-p1-power-meter read it as false (it looks for "
                                 "the lower-case text 'true')"});
  CHECK(warnings_for(cfg, "GENERAL.send_active_effect").size() == 1);
  CHECK(warnings_for(cfg, "GENERAL.send_reactive_effect") ==
        std::vector<std::string>{"'untrue' is not true/false, yes/no, on/off or 1/0; read as true as "
                                 "vscp-python-p1-power-meter did (true when the text contains 'true')"});
  CHECK(warnings_for(cfg, "GENERAL.send_energy").empty());
  CHECK(warnings_for(cfg, "GENERAL.send_voltage").empty());
  CHECK(warnings_for(cfg, "GENERAL.send_current").empty());
}

TEST_CASE("config.ini defaults when keys are missing") {
  const auto cfg = read(config(""));
  const auto& s = cfg.vscp_settings;
  CHECK_FALSE(cfg.one_shot);
  CHECK_FALSE(s.no_vscp);
  CHECK(s.send == switches{});
  CHECK(cfg.mqtt == mqtt_config{});
  CHECK(s.values[3].id == 4);
  CHECK_FALSE(s.values[3].sensor_index);
  CHECK(s.values[3].note == "Meter reading reactive energy in");
  CHECK(warnings_for(cfg, "MQTT.note_sum_reactive_energy_in") ==
        std::vector<std::string>{"missing: vscp-python-p1-power-meter never sent this value without a note; "
                                 "meterhub sends it with config.ini's note 'Meter reading reactive energy in'"});
  CHECK(warnings_for(cfg, "VSCP.sensorindex_voltage_l1") ==
        std::vector<std::string>{"missing: the script profile sends 0 as vscp-python-p1-power-meter did; the spec "
                                 "profile sends the README's 21"});
  CHECK(warnings_for(cfg, "VSCP.guid") ==
        std::vector<std::string>{"missing: vscp-python-p1-power-meter published no VSCP event without a guid (its "
                                 "inverted test parses the empty text and fails); meterhub uses the MAC GUID"});
  CHECK(cfg.warnings.size() == 26 + 26 + 1);
}

TEST_CASE("config.ini guid forms") {
  CHECK_FALSE(read(config("", "guid=''")).vscp_settings.configured_guid);
  CHECK_FALSE(read(config("", "guid=\"\"")).vscp_settings.configured_guid);
  CHECK(warnings_for(read(config("", "guid=''")), "VSCP.guid").empty());
  CHECK(warnings_for(read(config("", "guid=")), "VSCP.guid").front().starts_with("empty: "));
  CHECK(warnings_for(read(config("no_vscp = true", "")), "VSCP.guid").empty());
  const auto g = read(config("", "guid = 00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:00"));
  REQUIRE(g.vscp_settings.configured_guid);
  CHECK(to_string(*g.vscp_settings.configured_guid) == "00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:00");
  const auto quoted = read(config("", "guid='00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:00'"));
  CHECK(quoted.vscp_settings.configured_guid == g.vscp_settings.configured_guid);
  CHECK(refused(config("", "guid=00:00:00")) ==
        "vscp: bad_guid: VSCP.guid: '00:00:00' is not 16 hexadecimal bytes joined by ':'");
}

TEST_CASE("config.ini ids the script read only behind its typos") {
  auto cfg = read(config("", "id_sum_reactive_energy_in = 40\nid_voltage_l2 = 22"));
  CHECK(cfg.vscp_settings.values[3].id == 40);
  CHECK(warnings_for(cfg, "VSCP.id_sum_reactive_energy_in") ==
        std::vector<std::string>{"40 is used; vscp-python-p1-power-meter read this key only when "
                                 "VSCP.id_sum_reactive_energy exists and sent 4"});
  CHECK(warnings_for(cfg, "VSCP.id_voltage_l2").empty()); // 22 is what the script sent anyway
  cfg = read(config("", "id_sum_reactive_energy = 4\nid_voltage_l1 = 21"));
  CHECK(warnings_for(cfg, "VSCP.id_voltage_l2") ==
        std::vector<std::string>{"missing while VSCP.id_voltage_l1 is set: vscp-python-p1-power-meter stopped with "
                                 "KeyError; meterhub uses 22"});
  CHECK(warnings_for(cfg, "VSCP.id_sum_reactive_energy_in").size() == 1);
  CHECK(warnings_for(cfg, "VSCP.id_sum_reactive_energy") ==
        std::vector<std::string>{"not a value: the script read id_sum_reactive_energy_in only when this key exists (a "
                                 "typo); meterhub reads id_sum_reactive_energy_in directly and ignores this key"});
}

TEST_CASE("config.ini values, zone, topic, qos, interpolation") {
  const auto cfg = read(config("", "zone = 7\nsubzone=+1_0\nsensorindex_voltage_l1 = 0\nid_current_l3 = 65535",
                               "topic = meter/{xtype}\nqos = 1\npassword = a%%b\nhost = broker\nport = 8883"));
  const auto& s = cfg.vscp_settings;
  CHECK(s.zone == 7);
  CHECK(s.subzone == 10); // Python's int() takes a sign and underscores
  CHECK(s.values[20].sensor_index == 0);
  CHECK(s.values[25].id == 65535);
  CHECK(s.topic == "meter/{xtype}");
  CHECK(s.qos == 1);
  CHECK(cfg.mqtt == mqtt_config{"broker", 8883, "vscp", "a%b"});
  CHECK(warnings_for(cfg, "MQTT.qos") ==
        std::vector<std::string>{"a meterhub extension: vscp-python-p1-power-meter does not read it and published at "
                                 "QoS 0; meterhub publishes at QoS 1"});
  CHECK(read(config("", "", "topic =")).vscp_settings.topic.empty());
}

TEST_CASE("config.ini bad values are refused with section.key and the reason") {
  CHECK(refused(config("", "id_voltage_l1 = one")) == "vscp: bad_value: VSCP.id_voltage_l1: 'one' is not an integer");
  CHECK(refused(config("", "id_voltage_l1 = 65536")) ==
        "vscp: bad_value: VSCP.id_voltage_l1: 65536 is out of range 0..65535");
  CHECK(refused(config("", "sensorindex_current_l2 = 256")) ==
        "vscp: bad_value: VSCP.sensorindex_current_l2: 256 is out of range 0..255");
  CHECK(refused(config("", "zone = -1")) == "vscp: bad_value: VSCP.zone: -1 is out of range 0..255");
  CHECK(refused(config("", "subzone = 1.0")) == "vscp: bad_value: VSCP.subzone: '1.0' is not an integer");
  CHECK(refused(config("", "zone = 99999999999999999999999")) ==
        "vscp: bad_value: VSCP.zone: 99999999999999999999999 is out of range 0..255");
  CHECK(refused(config("", "", "port = 0")) == "vscp: bad_value: MQTT.port: 0 is out of range 1..65535");
  CHECK(refused(config("", "", "port = 70000")) == "vscp: bad_value: MQTT.port: 70000 is out of range 1..65535");
  CHECK(refused(config("", "", "qos = 3")) == "vscp: bad_value: MQTT.qos: 3 is out of range 0..2");
  CHECK(refused(config("", "", "host =")) == "vscp: bad_value: MQTT.host: empty");
  CHECK(refused(config("", "", "topic = vscp/{guid}")) ==
        "vscp: bad_topic: MQTT.topic: 'vscp/{guid}': unknown placeholder {guid} (only {xguid}, {xclass} and {xtype} "
        "exist)");
  CHECK(refused(config("", "", "password = 50%off")) ==
        "vscp: bad_interpolation: MQTT.password: '%' must be followed by '%' or '(' (write %% for a percent sign), "
        "found '%off'");
  CHECK(refused(config("", "", "note_voltage_l1 = %(x)s")) ==
        "vscp: bad_interpolation: MQTT.note_voltage_l1: %(x)s names no key of [MQTT] or [DEFAULT]");
}

TEST_CASE("config.ini without a required section is refused") {
  CHECK(refused("[VSCP]\n[MQTT]\n") ==
        "vscp: missing_section: [GENERAL]: section missing (vscp-python-p1-power-meter stops with KeyError)");
  CHECK(refused("[GENERAL]\n[vscp]\n[MQTT]\n") ==
        "vscp: missing_section: [VSCP]: section missing (vscp-python-p1-power-meter stops with KeyError); section "
        "names are case-sensitive and the file has [vscp]");
  CHECK(refused("[GENERAL]\n[VSCP]\n") ==
        "vscp: missing_section: [MQTT]: section missing (vscp-python-p1-power-meter stops with KeyError)");
  CHECK(refused("[GENERAL]\nno_vscp\n") ==
        "vscp: syntax: line 2: 'no_vscp' is neither a [section] header, a key = value nor a comment");
  const auto no_serial = read("[GENERAL]\n[VSCP]\n[MQTT]\n");
  CHECK(warnings_for(no_serial, "[SERIAL]") ==
        std::vector<std::string>{"missing: vscp-python-p1-power-meter stopped with KeyError without it; meterhub "
                                 "does not need it"});
}

TEST_CASE("config.ini unknown and misplaced keys and sections are warned about") {
  const auto cfg = read("[DEFAULT]\nzone = 2\ncolour = red\n" + config("debug = true\nnote_voltage_l1 = V1", "",
                                                                        "retain = true") +
                        "baud = 9600\n[LOGGING]\nlevel = 3\n");
  CHECK(cfg.vscp_settings.zone == 2); // DEFAULT is seen by [VSCP]
  CHECK(warnings_for(cfg, "DEFAULT.colour") ==
        std::vector<std::string>{"unknown key, read neither by vscp-python-p1-power-meter nor by meterhub; ignored"});
  CHECK(warnings_for(cfg, "DEFAULT.zone").empty());
  CHECK(warnings_for(cfg, "GENERAL.debug").size() == 1);
  CHECK(warnings_for(cfg, "GENERAL.note_voltage_l1") ==
        std::vector<std::string>{"unknown here: it belongs in [MQTT], where the script reads it; ignored"});
  CHECK(cfg.vscp_settings.values[20].note == "Voltage L1");
  CHECK(warnings_for(cfg, "MQTT.retain").size() == 1);
  CHECK(warnings_for(cfg, "SERIAL.baud").size() == 1);
  CHECK(warnings_for(cfg, "[LOGGING]") == std::vector<std::string>{"unknown section, ignored"});
}

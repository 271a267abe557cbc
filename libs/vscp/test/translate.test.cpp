#include "meterhub/vscp/event.hpp"

#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::vscp;
using namespace meterhub::vscp::test;

namespace {

/// One reading of every group: energy, active power, reactive power, voltage, current.
reading_batch five_groups() {
  return make_batch({make_reading("1-0:1.8.0", 6678394, unit::wh), make_reading("1-0:21.7.0", 1023, unit::w),
                     make_reading("1-0:4.7.0", 309, unit::var), make_reading("1-0:32.7.0", 240.3, unit::v),
                     make_reading("1-0:31.7.0", 4.2, unit::a)});
}

std::vector<std::string> notes_of(const std::vector<message>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages)
    out.push_back(nlohmann::json::parse(m.payload)["vscpNote"]);
  return out;
}

} // namespace

TEST_CASE("one message per reading in batch order, other quantities passed over") {
  auto batch = five_groups();
  batch.readings.insert(batch.readings.begin() + 1, make_reading("1-0:14.7.0", 50, unit::hz));
  reading id;
  id.quantity = "0-0:96.1.0";
  id.text = "253833635";
  batch.readings.push_back(id);
  const auto t = translate_batch(batch, example_settings(), example_now_ms);
  CHECK(notes_of(t.messages) == std::vector<std::string>{"Meter reading active energy out", "Active effect L1 out",
                                                         "Reactive effect in", "Voltage L1", "Current L1"});
  CHECK(t.skipped.empty());
}

TEST_CASE("each switch turned off drops its group only") {
  const std::vector<std::string> all{"Meter reading active energy out", "Active effect L1 out", "Reactive effect in",
                                     "Voltage L1", "Current L1"};
  for (int g = 0; g < 5; ++g) {
    auto s = example_settings();
    s.send.set(static_cast<value_group>(g), false);
    INFO(to_string(static_cast<value_group>(g)));
    CHECK_FALSE(s.send.enabled(static_cast<value_group>(g)));
    auto expected = all;
    expected.erase(expected.begin() + g);
    const auto t = translate_batch(five_groups(), s, example_now_ms);
    CHECK(notes_of(t.messages) == expected);
    CHECK(t.skipped.empty()); // switched off is not "skipped"
  }
}

TEST_CASE("no_vscp publishes the bare value under the note") {
  auto s = example_settings();
  s.no_vscp = true;
  s.mac.reset(); // no GUID needed
  s.qos = 1;
  const auto out = translate(five_groups(), s, example_now_ms);
  REQUIRE(out.size() == 5);
  CHECK(out[0] == message{"Meter reading active energy out", "6678.394", 1, false});
  CHECK(out[1] == message{"Active effect L1 out", "1.023", 1, false});
  CHECK(out[2] == message{"Reactive effect in", "0.309", 1, false});
  CHECK(out[3] == message{"Voltage L1", "240.3", 1, false});
  CHECK(out[4] == message{"Current L1", "4.2", 1, false});
  s.profile = profile::spec;
  CHECK(translate(five_groups(), s, example_now_ms)[1].payload == "1023.0");
}

TEST_CASE("no_vscp skips values whose note is no topic") {
  auto s = example_settings();
  s.no_vscp = true;
  s.values[0].note = "";
  s.values[20].note = "home/+/voltage";
  const auto t = translate_batch(five_groups(), s, example_now_ms);
  CHECK(t.messages.size() == 3);
  CHECK(t.skipped == std::vector<skipped_reading>{{0, skip_reason::empty_topic}, {3, skip_reason::bad_topic}});
}

TEST_CASE("readings that cannot be sent are reported with the reason") {
  auto batch = five_groups();
  batch.readings[0].set(flag::invalid);
  batch.readings[1].set(flag::backfilled);
  batch.readings[2].value.reset();
  batch.readings[3].unit = unit::none;
  batch.readings[4].value = std::numeric_limits<double>::infinity();
  batch.readings.push_back(make_reading("1-0:2.8.0", 1e308, unit::wh));
  batch.readings.back().value = std::nan("");
  batch.readings.push_back(make_reading("1-0:51.7.0", 1.6, unit::a));
  batch.readings.back().set(flag::estimated); // estimated values are still values
  const auto t = translate_batch(batch, example_settings(), example_now_ms);
  REQUIRE(t.messages.size() == 1);
  CHECK(nlohmann::json::parse(t.messages[0].payload)["vscpNote"] == "Current L2");
  CHECK(t.skipped == std::vector<skipped_reading>{{0, skip_reason::invalid},
                                                  {1, skip_reason::backfilled},
                                                  {2, skip_reason::no_value},
                                                  {3, skip_reason::wrong_unit},
                                                  {4, skip_reason::not_finite},
                                                  {5, skip_reason::not_finite}});
  CHECK(std::string_view{to_string(skip_reason::backfilled)} == "backfilled");
}

TEST_CASE("without MAC and GUID nothing is sent in VSCP mode") {
  settings s;
  const auto t = translate_batch(five_groups(), s, example_now_ms);
  CHECK(t.messages.empty());
  REQUIRE(t.skipped.size() == 5);
  CHECK(t.skipped[0].reason == skip_reason::no_guid);
}

TEST_CASE("an empty topic template suppresses the publish") {
  auto s = example_settings();
  s.topic = "";
  const auto t = translate_batch(five_groups(), s, example_now_ms);
  CHECK(t.messages.empty());
  CHECK(t.skipped.size() == 5);
  CHECK(t.skipped[4] == skipped_reading{4, skip_reason::empty_topic});
  s.topic = "{bad}";
  CHECK(translate_batch(five_groups(), s, example_now_ms).skipped[0].reason == skip_reason::bad_topic);
}

TEST_CASE("a configured GUID is used with each value's id") {
  auto s = example_settings();
  s.configured_guid = *parse_guid("00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:00");
  s.values[20].id = 0x0102;
  s.topic = "p1/{xguid}/{xtype}";
  const auto out = translate(five_groups(), s, example_now_ms);
  REQUIRE(out.size() == 5);
  CHECK(out[0].topic == "p1/00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:01/13");
  CHECK(out[3].topic == "p1/00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:01:02/16");
  CHECK(nlohmann::json::parse(out[3].payload)["vscpGuid"] == "00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:01:02");
}

TEST_CASE("sensor indexes, configured, unset and 43.7.0's in both profiles") {
  auto s = example_settings();
  s.values[0].sensor_index = 200;
  s.values[16].sensor_index = 99; // 43.7.0
  s.values[20].sensor_index.reset();
  const auto batch = make_batch({make_reading("1-0:1.8.0", 1, unit::wh), make_reading("1-0:43.7.0", 1, unit::var),
                                 make_reading("1-0:32.7.0", 1, unit::v)});
  const auto index = [&](const message& m) { return nlohmann::json::parse(m.payload)["vscpData"][0].get<int>(); };
  auto out = translate(batch, s, example_now_ms);
  CHECK(index(out[0]) == 200);
  CHECK(index(out[1]) == 0);
  CHECK(index(out[2]) == 0);
  s.profile = profile::spec;
  out = translate(batch, s, example_now_ms);
  CHECK(index(out[0]) == 200);
  CHECK(index(out[1]) == 99);
  CHECK(index(out[2]) == 21);
}

TEST_CASE("a custom mapping publishes any quantity as a measurement event") {
  auto s = example_settings();
  s.custom.push_back({"0-1:24.2.1", class_measurement_str, 22, 0, 3, 40, "Gas volume", 1.0});
  s.custom.push_back({"1-0:14.7.0", class_measurement_float, 38, 0, 4, 41, "Frequency", 1.0});
  s.custom.push_back({"1-0:1.8.1", class_measurement_str, 13, 1, 5, 42, "Tariff 1", 0.001});
  const auto batch = make_batch({make_reading("0-1:24.2.1", 1234.567, unit::m3),
                                 make_reading("1-0:14.7.0", 50.0, unit::hz), make_reading("1-0:1.8.1", 9, unit::wh)});
  const auto out = translate(batch, s, example_now_ms);
  REQUIRE(out.size() == 3);
  CHECK(out[0].topic == "vscp/FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:28/1040/22");
  CHECK(out[0].payload.find(R"("vscpData": [3, 0, 0, 0, 49, 50, 51, 52, 46, 53, 54, 55, 0], "vscpNote": )"
                            R"("Gas volume", "measurement": {"value": 1234.567, "unit": 0, "sensorindex": 3)") !=
        std::string::npos);
  CHECK(out[1].topic == "vscp/FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:29/1060/38");
  CHECK(nlohmann::json::parse(out[1].payload)["vscpData"].size() == 12);
  CHECK(nlohmann::json::parse(out[2].payload)["measurement"] ==
        nlohmann::json::parse(R"({"value": 0.009, "unit": 1, "sensorindex": 5, "zone": 0, "subzone": 0})"));
  s.no_vscp = true;
  CHECK(translate(batch, s, example_now_ms)[2] == message{"Tariff 1", "0.009", 0, false});
}

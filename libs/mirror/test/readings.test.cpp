#include "meterhub/mirror/readings.hpp"

#include <catch2/catch.hpp>

#include "batches.hpp"

using namespace meterhub;
using namespace meterhub::mirror;
using namespace mirror_test;

namespace {

const plain_value* named(const std::vector<plain_value>& values, const std::string& name) {
  for (const auto& v : values)
    if (v.name == name)
      return &v;
  return nullptr;
}

} // namespace

TEST_CASE("mirror readings: numbers are written in the shortest text that reads back") {
  CHECK(number_text(230.1) == "230.1");
  CHECK(number_text(12345.0) == "12345");
  CHECK(number_text(12345678.0) == "12345678");
  CHECK(number_text(-0.5) == "-0.5");
  CHECK(number_text(-0.0) == "0");
  CHECK(number_text(0.1 + 0.2) == "0.30000000000000004");
  CHECK(number_text(1e-05) == "1e-05");
  CHECK(std::stod(number_text(1.0 / 3.0)) == 1.0 / 3.0);
}

TEST_CASE("mirror readings: a P1 telegram's states, text and M-Bus gas included") {
  const auto batch = p1_batch();
  const auto values = state_readings(batch);
  REQUIRE(named(values, "energy_import_t1_wh"));
  CHECK(plain_payload(*named(values, "energy_import_t1_wh")->item) == "12345678");
  CHECK(plain_payload(*named(values, "voltage_l1_v")->item) == "230.1");
  CHECK(plain_payload(*named(values, "power_import_w")->item) == "1193");
  CHECK(plain_payload(*named(values, "text_message")->item) == "Hello, world!");
  CHECK(plain_payload(*named(values, "mbus1_volume_m3")->item) == "1234.567");
  CHECK(plain_payload(*named(values, "tariff")->item) == "2");
  CHECK(plain_payload(*named(values, "mbus1_device_type")->item) == "3");
  for (std::size_t i = 0; i < values.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      CHECK(values[i].name != values[j].name);
}

TEST_CASE("mirror readings: of one quantity only the newest live value is a state") {
  const auto batch = route_b_batch();
  const auto values = state_readings(batch);
  std::size_t energy = 0;
  for (const auto& v : values)
    energy += v.name == "energy_import_wh";
  CHECK(energy == 1);
  REQUIRE(named(values, "energy_import_wh"));
  CHECK(named(values, "energy_import_wh")->item->time_ms == utc("2024-03-01T12:30:00Z"));
  CHECK(plain_payload(*named(values, "energy_import_wh")->item) == "12345900");
  CHECK(values.front().name == "energy_import_wh"); // first appearance keeps its place
}

TEST_CASE("mirror readings: backfilled, invalid and suspicious readings are no states") {
  auto batch = route_b_batch();
  batch.readings.resize(1);
  batch.readings.push_back(batch.readings[0]);
  batch.readings[1].time_ms += 3'600'000;
  batch.readings[1].value = 1.0;
  batch.readings[1].set(flag::backfilled);
  CHECK(named(state_readings(batch), "energy_import_wh")->item == &batch.readings[0]);
  batch.readings[0].set(flag::invalid);
  CHECK(state_readings(batch).empty());
  const auto modbus = modbus_batch();
  CHECK_FALSE(named(state_readings(modbus), "apparent_power_va")); // suspicious 1e21
  CHECK(named(state_readings(modbus), "di_3"));
}

TEST_CASE("mirror readings: plain messages are retained at the settings' QoS") {
  settings s;
  s.qos = 0;
  const topic_builder topics{s};
  const auto batch = modbus_batch();
  const auto out = plain_messages(s, topics, batch.device, state_readings(batch));
  const auto* pf = on_topic(out, "meters/modbus-sdm630-1/power_factor_l1");
  REQUIRE(pf);
  CHECK(pf->payload == "-0.5");
  CHECK(pf->retained);
  CHECK(pf->qos == 0);
  CHECK(on_topic(out, "meters/modbus-sdm630-1/frequency_hz")->payload == "50.01");
  CHECK(on_topic(out, "meters/modbus-sdm630-1/energy_export_wh")->payload == "0");
  CHECK(out.size() == 12);
}

TEST_CASE("mirror readings: the JSON batch carries every reading with name, unit, times and flags") {
  settings s;
  const topic_builder topics{s};
  const auto batch = route_b_batch();
  const auto m = batch_message(s, topics, batch);
  CHECK(m.topic == "meters/echonet-0012/json");
  CHECK_FALSE(m.retained);
  const auto j = nlohmann::json::parse(m.payload);
  CHECK(j["device"] == "echonet-0012");
  CHECK(j["source"] == "echonet/pi-1");
  CHECK(j["sequence"] == 1201);
  CHECK(j["received"] == "2024-03-01T12:31:05Z");
  CHECK(j["received_unix_ms"] == utc("2024-03-01T12:31:05Z"));
  REQUIRE(j["values"].size() == batch.readings.size());
  const auto& last = j["values"].back();
  CHECK(last["quantity"] == "1-0:1.8.0");
  CHECK(last["name"] == "energy_import_wh");
  CHECK(last["value"] == 12345300.0);
  CHECK(last["unit"] == "Wh");
  CHECK(last["time"] == "2024-03-01T11:30:00Z");
  CHECK(last["time_unix_ms"] == utc("2024-03-01T11:30:00Z"));
  CHECK(last["flags"] == nlohmann::json::array({"backfilled"}));
  CHECK_FALSE(last.contains("device"));
}

TEST_CASE("mirror readings: text readings keep their text in the JSON batch") {
  const auto j = batch_json(p1_batch());
  bool seen = false;
  for (const auto& v : j["values"])
    if (v["name"] == "text_message") {
      CHECK(v["text"] == "Hello, world!");
      CHECK_FALSE(v.contains("value"));
      seen = true;
    }
  CHECK(seen);
}

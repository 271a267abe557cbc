#include "meterhub/mirror/translator.hpp"

#include <catch2/catch.hpp>

#include "batches.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/v1/command.pb.h"
#include "meterhub/v1/status.pb.h"
#include "meterhub/wire/device_state.hpp"

using namespace meterhub;
using namespace meterhub::mirror;
using namespace mirror_test;

namespace {

std::string state_bytes(const std::string& device, const std::string& model) {
  wire::device_report r;
  r.device = device;
  r.protocol = "dsmr";
  r.health = v1::HEALTH_ONLINE;
  r.model = model;
  return wire::encode_device_state(r, utc("2023-10-29T01:30:01Z"));
}

std::string alert_bytes(const std::string& device) {
  v1::Alert a;
  a.set_device(device);
  a.set_rule("gas-flow");
  a.set_state(v1::ALERT_STATE_RAISED);
  a.set_time_unix_ms(utc("2023-10-29T01:30:00Z"));
  return a.SerializeAsString();
}

settings with_commands() {
  settings s;
  s.commands.enabled = true;
  s.commands.rules = {{{"p1-*"}, {"poll"}, {command_kind::poll}}};
  return s;
}

std::size_t index_of(const std::vector<message>& out, const std::string& topic) {
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i].topic == topic)
      return i;
  return out.size();
}

} // namespace

TEST_CASE("mirror translator: a P1 batch becomes configs, plain values and one JSON object") {
  translator t{settings{}};
  const auto batch = p1_batch();
  const auto out = t.on_batch(batch);
  const auto values = state_readings(batch).size();
  CHECK(count_under(out, "homeassistant/") == values);
  CHECK(count_under(out, "meters/p1-kitchen/") == values + 1);
  const auto config = index_of(out, "homeassistant/sensor/p1-kitchen/voltage_l1_v/config");
  const auto value = index_of(out, "meters/p1-kitchen/voltage_l1_v");
  CHECK(config < value);
  CHECK(out[value].payload == "230.1");
  CHECK(out.back().topic == "meters/p1-kitchen/json");
  CHECK(t.registry().revision() > 0);
}

TEST_CASE("mirror translator: redelivered and older batches never overwrite states") {
  translator t{settings{}};
  (void) t.on_batch(p1_batch(7));
  auto again = t.on_batch(p1_batch(7));
  REQUIRE(again.size() == 1);
  CHECK(again[0].topic == "meters/p1-kitchen/json");
  CHECK(t.on_batch(p1_batch(6)).size() == 1);
  CHECK(t.on_batch(p1_batch(8)).size() == state_readings(p1_batch()).size() + 1); // no configs: known
  auto restarted = p1_batch(2); // an adapter that lost its sequence: later receive time, taken
  restarted.received_ms += 60'000;
  CHECK(t.on_batch(restarted).size() > 1);
  CHECK(t.on_batch(p1_batch(2)).size() == 1); // the same sequence, received earlier
  auto moved = p1_batch(1);
  moved.source = "p1/host-2"; // the device moved to another adapter instance, whose sequence starts anew
  CHECK(t.on_batch(moved).size() > 1);
}

TEST_CASE("mirror translator: devices outside the filter and switched-off kinds are not mirrored") {
  settings s;
  s.devices.deny = {"p1-*"};
  translator denied{s};
  CHECK(denied.on_batch(p1_batch()).empty());
  CHECK(denied.on_state("p1-kitchen", state_bytes("p1-kitchen", "X"))->empty());
  CHECK(denied.on_alert("p1-kitchen", alert_bytes("p1-kitchen"))->empty());
  s = {};
  s.publish.json = false;
  s.discovery.enabled = false;
  translator plain_only{s};
  const auto out = plain_only.on_batch(route_b_batch());
  CHECK(out.size() == state_readings(route_b_batch()).size());
  for (const auto& m : out)
    CHECK(m.retained);
}

TEST_CASE("mirror translator: the device state brings its model into the configs") {
  translator t{settings{}};
  (void) t.on_batch(p1_batch());
  auto out = t.on_state("p1-kitchen", state_bytes("p1-kitchen", "XMX5LGBBFG1012345678"));
  REQUIRE(out);
  CHECK(on_topic(*out, "meters/p1-kitchen/state"));
  CHECK(on_topic(*out, "meters/p1-kitchen/availability")->payload == "online");
  const auto* cfg = on_topic(*out, "homeassistant/sensor/p1-kitchen/power_import_w/config");
  REQUIRE(cfg);
  CHECK(nlohmann::json::parse(cfg->payload)["device"]["model"] == "XMX5LGBBFG1012345678");
  out = t.on_state("p1-kitchen", state_bytes("p1-kitchen", "XMX5LGBBFG1012345678"));
  CHECK(out->size() == 2); // the same facts: state and availability only
  CHECK(t.on_state("p1-kitchen", "\xff\xff").error() == mirror_errc::malformed_state);
  CHECK(t.on_state("P1", "").error() == mirror_errc::invalid_device);
}

TEST_CASE("mirror translator: a removed device is cleared everywhere") {
  translator t{settings{}};
  (void) t.on_batch(p1_batch());
  (void) t.on_state("p1-kitchen", state_bytes("p1-kitchen", "X"));
  REQUIRE(t.on_alert("p1-kitchen", alert_bytes("p1-kitchen")));
  auto out = t.on_state("p1-kitchen", "");
  REQUIRE(out);
  const auto values = state_readings(p1_batch()).size();
  CHECK(out->size() == 2 * values + 3);
  CHECK(on_topic(*out, "meters/p1-kitchen/alert/gas-flow"));
  for (const auto& m : *out)
    CHECK((m.retained && m.payload.empty()));
  CHECK(t.registry().devices().empty());
  CHECK(t.on_state("p1-kitchen", "")->empty());
  CHECK(t.on_batch(p1_batch(7)).size() == 2 * values + 1); // sequence forgotten with the device
}

TEST_CASE("mirror translator: the registry survives a restart without announcing twice") {
  translator before{settings{}};
  (void) before.on_batch(p1_batch(7));
  (void) before.on_state("p1-kitchen", state_bytes("p1-kitchen", "X"));
  auto saved = discovery_registry::from_json(before.registry().to_json());
  REQUIRE(saved);
  translator after{settings{}, std::move(*saved), "mirror-2"};
  CHECK(after.reconcile().empty());
  const auto out = after.on_batch(p1_batch(8));
  CHECK(count_under(out, "homeassistant/") == 0);
  CHECK(count_under(out, "meters/p1-kitchen/") == state_readings(p1_batch()).size() + 1);
}

TEST_CASE("mirror translator: commands go to the bus and their answers back") {
  translator t{with_commands(), {}, "bridge-a"};
  CHECK(t.subscriptions() == std::vector<std::string>{"meters/+/set/+"});
  CHECK(translator{settings{}}.subscriptions().empty());
  auto out = t.on_command("meters/p1-kitchen/set/poll", R"({"id":"node-red-1"})");
  REQUIRE(out.command);
  CHECK(out.command->kind == command_kind::poll);
  CHECK(out.bus_id == "bridge-a-1");
  CHECK(out.replies.empty());
  CHECK_FALSE(out.refusal);
  v1::CommandResult res;
  res.set_id(out.bus_id);
  res.set_status(v1::COMMAND_STATUS_TIMEOUT);
  auto answer = t.on_command_result(res.SerializeAsString());
  REQUIRE(answer);
  CHECK(answer->topic == "meters/p1-kitchen/set/poll/result");
  const auto j = nlohmann::json::parse(answer->payload);
  CHECK(j["id"] == "node-red-1");
  CHECK(j["status"] == "timeout");
  CHECK(t.on_command_result(res.SerializeAsString()).error() == mirror_errc::unknown_command);
  CHECK(t.on_command_result("\xff").error() == mirror_errc::malformed_result);
}

TEST_CASE("mirror translator: refused commands are answered, other topics only reported") {
  translator t{with_commands()};
  auto out = t.on_command("meters/p1-kitchen/set/energy_import_wh", "");
  CHECK_FALSE(out.command);
  CHECK(out.refusal == mirror_errc::target_not_allowed);
  REQUIRE(out.replies.size() == 1);
  CHECK(out.replies[0].topic == "meters/p1-kitchen/set/energy_import_wh/result");
  out = t.on_command("meters/p1-kitchen/set/poll/result", "{}");
  CHECK(out.refusal == mirror_errc::not_a_command_topic);
  CHECK(out.replies.empty());
  CHECK_FALSE(out.command);
}

TEST_CASE("mirror translator: commands that wait too long are forgotten, the newest kept") {
  translator t{with_commands()};
  std::string first, last;
  for (int i = 0; i < 1100; ++i) {
    auto out = t.on_command("meters/p1-kitchen/set/poll", "");
    REQUIRE(out.command);
    (i == 0 ? first : last) = out.bus_id;
  }
  v1::CommandResult res;
  res.set_id(first);
  CHECK(t.on_command_result(res.SerializeAsString()).error() == mirror_errc::unknown_command);
  res.set_id(last);
  CHECK(t.on_command_result(res.SerializeAsString()));
}

#include "meterhub/mirror/command.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "batches.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/v1/command.pb.h"
#include "meterhub/wire/convert.hpp"

using namespace meterhub;
using namespace meterhub::mirror;
using namespace mirror_test;

namespace {

/// Reads for every Modbus device, writes of the OWEN module's time-out and outputs, polls for everything.
settings shop_settings() {
  settings s;
  s.commands.enabled = true;
  s.commands.rules = {
    {{"modbus-*"}, {"*"}, {command_kind::read}},
    {{"modbus-owen-*"}, {"network_timeout", "x:do.*"}, {command_kind::write}},
    {{"*"}, {"poll", "clock"}, {command_kind::poll, command_kind::set_clock}},
  };
  s.devices.deny = {"modbus-test"};
  return s;
}

std::optional<std::string> known(std::string_view device, std::string_view name) {
  if (device == "modbus-owen-1" && name == "network_timeout")
    return std::string{"x:network_timeout"};
  if (device == "modbus-owen-1" && name == "do_2")
    return std::string{"x:do.2"};
  return std::nullopt;
}

caf::expected<command_request> command(const settings& s, std::string device, std::string target,
                                       std::string_view payload) {
  return parse_command(s, {std::move(device), std::move(target)}, payload, known);
}

mirror_errc refused(const settings& s, std::string device, std::string target, std::string_view payload) {
  auto r = command(s, std::move(device), std::move(target), payload);
  REQUIRE_FALSE(r);
  return static_cast<mirror_errc>(r.error().code());
}

} // namespace

TEST_CASE("mirror commands: a write of a named register") {
  const auto s = shop_settings();
  auto r = command(s, "modbus-owen-1", "network_timeout", R"({"value": 30, "id": "flow-7"})");
  REQUIRE(r);
  CHECK(r->kind == command_kind::write);
  CHECK(r->address == "network_timeout");
  CHECK(r->value == "30");
  CHECK(r->quantities == std::vector<std::string>{"x:network_timeout"});
  CHECK(r->client_id == "flow-7");
  CHECK(r->timeout_ms == s.commands.default_timeout_ms);
  auto bare = command(s, "modbus-owen-1", "network_timeout", "12.5");
  REQUIRE(bare);
  CHECK(bare->kind == command_kind::write);
  CHECK(bare->value == "12.5");
  auto on = command(s, "modbus-owen-1", "do_2", "true");
  REQUIRE(on); // allowed through its quantity x:do.2
  CHECK(on->value == "1");
  CHECK(on->address == "do_2");
}

TEST_CASE("mirror commands: reads of names, quantities and raw addresses") {
  const auto s = shop_settings();
  auto r = command(s, "modbus-sdm630-1", "energy_import_wh", "");
  REQUIRE(r);
  CHECK(r->kind == command_kind::read);
  CHECK(r->quantities == std::vector<std::string>{"1-0:1.8.0"});
  CHECK(r->address.empty());
  r = command(s, "modbus-sdm630-1", "1-0:32.7.0*255", "{}");
  REQUIRE(r);
  CHECK(r->quantities == std::vector<std::string>{"1-0:32.7.0"});
  r = command(s, "modbus-sdm630-1", "holding:100", R"({"kind":"read","address":"holding:100/f32/CDAB",
                                                      "timeout_ms": 2500})");
  REQUIRE(r);
  CHECK(r->quantities.empty());
  CHECK(r->address == "holding:100/f32/CDAB");
  CHECK(r->timeout_ms == 2500);
  r = command(s, "modbus-sdm630-1", "setpoint_1", "null");
  REQUIRE(r);
  CHECK(r->address == "setpoint_1"); // no name it published: the adapter's own address
  CHECK(r->quantities.empty());
}

TEST_CASE("mirror commands: poll, clock and archive targets default the kind") {
  const auto s = shop_settings();
  auto r = command(s, "p1-kitchen", "poll", "");
  REQUIRE(r);
  CHECK(r->kind == command_kind::poll);
  CHECK(r->address.empty());
  r = command(s, "modbus-1", "clock", R"({"time":"2024-03-01T12:00:00+01:00"})");
  REQUIRE(r);
  CHECK(r->kind == command_kind::set_clock);
  CHECK(r->time_ms == utc("2024-03-01T11:00:00Z"));
  r = command(s, "modbus-1", "clock", R"({"time": 1709290800000})");
  REQUIRE(r);
  CHECK(r->time_ms == 1709290800000);
}

TEST_CASE("mirror commands: refused when off, for bad or unlisted devices, targets and kinds") {
  auto s = shop_settings();
  CHECK(refused(s, "Modbus-1", "poll", "") == mirror_errc::invalid_device);
  CHECK(refused(s, "p1-kitchen", "energy_import_wh", "") == mirror_errc::target_not_allowed);
  CHECK(refused(s, "modbus-test", "poll", "") == mirror_errc::device_not_allowed);
  CHECK(refused(s, "modbus-sdm630-1", "network_timeout", "30") == mirror_errc::kind_not_allowed);
  CHECK(refused(s, "modbus-owen-1", "di_3", "1") == mirror_errc::kind_not_allowed);
  CHECK(refused(s, "p1-kitchen", "archive", R"({"time": 0})") == mirror_errc::target_not_allowed);
  CHECK(refused(s, "modbus-1", "archive", R"({"time": 0})") == mirror_errc::kind_not_allowed);
  s.commands.rules.pop_back();
  CHECK(refused(s, "p1-kitchen", "poll", "") == mirror_errc::device_not_allowed);
  s.commands.enabled = false;
  CHECK(refused(s, "modbus-1", "poll", "") == mirror_errc::commands_disabled);
  auto text = describe(command(s, "modbus-1", "poll", "").error());
  CHECK(text == "mirror: commands_disabled: commands from plain MQTT are disabled (commands.enabled)");
}

TEST_CASE("mirror commands: malformed payloads are refused with the key") {
  const auto s = shop_settings();
  auto why = [&](std::string target, std::string_view payload) {
    auto r = command(s, "modbus-owen-1", std::move(target), payload);
    REQUIRE_FALSE(r);
    CHECK(r.error() == mirror_errc::malformed_command);
    return describe(r.error());
  };
  CHECK(why("network_timeout", "ON").find("not JSON") != std::string::npos);
  CHECK(why("network_timeout", R"({"vaule": 3})").find("vaule: unknown key") != std::string::npos);
  CHECK(why("network_timeout", R"({"kind": "read", "value": 3})").find("only a write") != std::string::npos);
  CHECK(why("network_timeout", R"({"kind": "write"})").find("a write needs one") != std::string::npos);
  CHECK(why("network_timeout", R"({"kind": "erase"})").find("kind:") != std::string::npos);
  CHECK(why("network_timeout", R"({"timeout_ms": 999999999})").find("timeout_ms") != std::string::npos);
  CHECK(why("network_timeout", R"({"timeout_ms": 0})").find("timeout_ms") != std::string::npos);
  CHECK(why("network_timeout", R"({"time": "yesterday"})").find("time:") != std::string::npos);
  CHECK(why("network_timeout", R"({"value": ""})").find("value: must have 1 to 256") != std::string::npos);
  CHECK(why("network_timeout", R"({"value": [1]})").find("value: expected") != std::string::npos);
  CHECK(why("network_timeout", R"({"id": 7, "value": 1})").find("id: expected a string") != std::string::npos);
  CHECK(why("network_timeout", "[1,2]").find("value:") != std::string::npos);
  CHECK(why("network_timeout", std::string(5000, ' ')).find("longer than 4096") != std::string::npos);
  CHECK(why("network_timeout", std::string{"8\0garbage", 9}).find("contains NUL") != std::string::npos);
  CHECK(why("network_timeout", R"({"args": {"a": true}})").find("args.a") != std::string::npos);
  CHECK(why("poll", R"({"kind": "read_archive"})").find("read_archive needs the day") != std::string::npos);
}

TEST_CASE("mirror commands: the bus Command carries every field") {
  const auto s = shop_settings();
  auto r = command(s, "modbus-owen-1", "network_timeout",
                   R"({"value": "45", "timeout_ms": 3000, "args": {"verify": "yes", "retries": 2}})");
  REQUIRE(r);
  v1::Command cmd;
  REQUIRE(cmd.ParseFromString(encode_command(*r, "mirror-9")));
  CHECK(cmd.id() == "mirror-9");
  CHECK(cmd.device() == "modbus-owen-1");
  CHECK(cmd.kind() == v1::COMMAND_KIND_WRITE);
  CHECK(cmd.address() == "network_timeout");
  CHECK(cmd.value() == "45");
  CHECK(cmd.timeout_ms() == 3000);
  CHECK(cmd.quantities_size() == 1);
  CHECK(cmd.args().at("retries") == "2");
  CHECK(cmd.args().at("verify") == "yes");
}

TEST_CASE("mirror commands: targets resolve through what the device published first") {
  CHECK(target_quantity("modbus-owen-1", "do_2", known) == "x:do.2");
  CHECK(target_quantity("modbus-owen-1", "voltage_l1_v", known) == "1-0:32.7.0");
  CHECK(target_quantity("modbus-owen-1", "obis_1_0_15_8_128", known) == "1-0:15.8.128");
  CHECK(target_quantity("modbus-owen-1", "temperature_c", known) == "x:temperature");
  CHECK(target_quantity("modbus-owen-1", "x_state", known) == "x:state");
  CHECK(target_quantity("modbus-owen-1", "x:di.3", known) == "x:di.3");
  CHECK_FALSE(target_quantity("modbus-owen-1", "holding:100", known));
  CHECK_FALSE(target_quantity("modbus-owen-1", "E7", known));
  CHECK_FALSE(target_quantity("modbus-owen-1", "do_2", {}));
}

TEST_CASE("mirror commands: refusals and results are answered on the result topic") {
  const auto s = shop_settings();
  const topic_builder topics{s};
  const command_address where{"modbus-owen-1", "network_timeout"};
  auto err = command(s, where.device, where.target, R"({"kind":"poll","id":"n-1"})").error();
  const auto refusal = refusal_message(s, topics, where, client_id_of(R"({"kind":"poll","id":"n-1"})"), err);
  CHECK(refusal.topic == "meters/modbus-owen-1/set/network_timeout/result");
  CHECK_FALSE(refusal.retained);
  auto j = nlohmann::json::parse(refusal.payload);
  CHECK(j["id"] == "n-1");
  CHECK(j["status"] == "refused");
  CHECK(j["reason"] == "kind_not_allowed");
  CHECK(j["message"].get<std::string>().find("poll is not allowed") != std::string::npos);
  CHECK(client_id_of("12") == "");
  CHECK(client_id_of("{bad") == "");

  v1::CommandResult res;
  res.set_id("mirror-3");
  res.set_device("modbus-owen-1");
  res.set_status(v1::COMMAND_STATUS_OK);
  res.set_message("network_timeout = 30 written");
  wire::to_proto(reading{"x:network_timeout", 30.0, unit::second, 1709290800000, 0, {}}, *res.add_readings());
  auto answer = decode_command_result(res.SerializeAsString());
  REQUIRE(answer);
  const auto m = result_message(s, topics, where, "flow-7", *answer);
  CHECK(m.topic == "meters/modbus-owen-1/set/network_timeout/result");
  j = nlohmann::json::parse(m.payload);
  CHECK(j["id"] == "flow-7");
  CHECK(j["command_id"] == "mirror-3");
  CHECK(j["status"] == "ok");
  CHECK(j["message"] == "network_timeout = 30 written");
  CHECK(j["readings"][0]["value"] == 30.0);
  CHECK(decode_command_result("\xff").error() == mirror_errc::malformed_result);
}

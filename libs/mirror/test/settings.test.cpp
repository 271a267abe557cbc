#include "meterhub/mirror/settings.hpp"

#include <catch2/catch.hpp>

#include "meterhub/core/error.hpp"
#include "meterhub/mirror/topics.hpp"

using namespace meterhub;
using namespace meterhub::mirror;

namespace {

std::string why(const settings& s) {
  return describe(validate(s));
}

} // namespace

TEST_CASE("mirror settings: globs match runs and single characters") {
  CHECK(glob_match("*", ""));
  CHECK(glob_match("*", "p1-kitchen"));
  CHECK(glob_match("p1-*", "p1-kitchen"));
  CHECK_FALSE(glob_match("p1-*", "modbus-1"));
  CHECK(glob_match("x:di.*", "x:di.3"));
  CHECK(glob_match("*-?", "modbus-1"));
  CHECK_FALSE(glob_match("*-?", "modbus-12"));
  CHECK(glob_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(glob_match("a*b*c", "aXXbYY"));
  CHECK(glob_match("holding:*", "holding:100"));
  CHECK(glob_match("a*", "a*"));
  CHECK_FALSE(glob_match("", "a"));
  CHECK(glob_match("", ""));
}

TEST_CASE("mirror settings: deny wins over allow") {
  device_filter f;
  CHECK(f.allows("p1-kitchen"));
  f.deny = {"*-test"};
  CHECK_FALSE(f.allows("p1-test"));
  f.allow = {"p1-*"};
  CHECK(f.allows("p1-kitchen"));
  CHECK_FALSE(f.allows("modbus-1"));
}

TEST_CASE("mirror settings: the defaults are valid") {
  CHECK_FALSE(validate(settings{}));
}

TEST_CASE("mirror settings: bad values are refused with the key") {
  settings s;
  s.prefix = "meterhub";
  CHECK(why(s).find("prefix") != std::string::npos);
  s.prefix = "meterhub/v1/mirror";
  CHECK(why(s).find("prefix") != std::string::npos);
  s.prefix = "meters/#";
  CHECK(why(s).find("wildcards") != std::string::npos);
  s.prefix = "meters/";
  CHECK(why(s).find("empty level") != std::string::npos);
  s.prefix = "meterhub/mirror";
  CHECK_FALSE(validate(s));
  s.qos = 3;
  CHECK(why(s).find("qos") != std::string::npos);
  s = {};
  s.topics.value = "{prefix}/{device}/value";
  CHECK(why(s).find("topics.value: must contain {name} or {quantity}") != std::string::npos);
  s = {};
  s.topics.batch = "{prefix}/all";
  CHECK(why(s).find("topics.batch: must contain {device}") != std::string::npos);
  s = {};
  s.topics.state = s.topics.batch;
  CHECK(why(s).find("topics.state: is the same topic as topics.batch") != std::string::npos);
  s = {};
  s.topics.alert_rule = "{prefix}/{device}/rule";
  CHECK(why(s).find("topics.alert_rule: must contain {rule}") != std::string::npos);
  s = {};
  s.topics.batch = "{prefix}/{device}/{typo}";
  CHECK(why(s).find("unknown placeholder") != std::string::npos);
  s = {};
  s.topics.value = "{prefix}/{device}/set/{name}";
  CHECK(why(s).find("commands arrive") != std::string::npos);
}

TEST_CASE("mirror settings: discovery and command settings are checked") {
  settings s;
  s.publish.plain = false;
  CHECK(why(s).find("discovery.enabled") != std::string::npos);
  s.discovery.enabled = false;
  CHECK_FALSE(validate(s));
  s = {};
  s.discovery.id_prefix = "meter hub";
  CHECK(why(s).find("discovery.id_prefix") != std::string::npos);
  s = {};
  s.discovery.device_names["Bad Id"] = "x";
  CHECK(why(s).find("discovery.device_names") != std::string::npos);
  s = {};
  s.commands.enabled = true;
  CHECK(why(s).find("commands.rules") != std::string::npos);
  s.commands.rules.push_back({{"p1-*"}, {}, {command_kind::read}});
  CHECK(why(s).find("commands.rules[0]") != std::string::npos);
  s.commands.rules[0].targets = {"*"};
  CHECK_FALSE(validate(s));
  s.commands.default_timeout_ms = s.commands.max_timeout_ms + 1;
  CHECK(why(s).find("commands.default_timeout_ms") != std::string::npos);
}

TEST_CASE("mirror settings: command kinds have names") {
  for (auto k : {command_kind::read, command_kind::write, command_kind::set_clock, command_kind::read_archive,
                 command_kind::poll})
    CHECK(parse_command_kind(to_string(k)) == k);
  CHECK_FALSE(parse_command_kind("READ"));
  CHECK(static_cast<int>(command_kind::poll) == 5); // = meterhub.v1.COMMAND_KIND_POLL
}

TEST_CASE("mirror topics: templates expand with safe levels") {
  settings s;
  s.topics.value = "{prefix}/{device}/{quantity}";
  topic_builder t{s};
  CHECK(t.value("p1-kitchen", "voltage_l1_v", "1-0:32.7.0") == "meters/p1-kitchen/1-0:32.7.0");
  CHECK(t.value("p1-kitchen", "q_a", "a/b+c#") == "meters/p1-kitchen/a_b_c_");
  CHECK(t.batch("p1-kitchen") == "meters/p1-kitchen/json");
  CHECK(t.state("p1-kitchen") == "meters/p1-kitchen/state");
  CHECK(t.availability("p1-kitchen") == "meters/p1-kitchen/availability");
  CHECK(t.alert("p1-kitchen") == "meters/p1-kitchen/alert");
  CHECK(t.alert_rule("p1-kitchen", "over voltage/L1") == "meters/p1-kitchen/alert/over_voltage_L1");
  CHECK(t.discovery_config("modbus-1.2", "voltage_l1_v") == "homeassistant/sensor/modbus-1_2/voltage_l1_v/config");
  CHECK(topic_level("") == "_");
  CHECK(topic_problem("meters/a").empty());
  CHECK_FALSE(topic_problem("$SYS/a").empty());
  CHECK_FALSE(topic_problem("meters//a").empty());
  CHECK_FALSE(topic_problem("").empty());
  CHECK(topic_level(std::string{"a\0b", 3}) == "a_b");
}

TEST_CASE("mirror topics: command topics have one device and one target level") {
  topic_builder t{settings{}};
  CHECK(t.command_filter() == "meters/+/set/+");
  auto a = t.parse_command_topic("meters/modbus-1/set/network_timeout");
  REQUIRE(a);
  CHECK(a->device == "modbus-1");
  CHECK(a->target == "network_timeout");
  CHECK(t.command_result(a->device, a->target) == "meters/modbus-1/set/network_timeout/result");
  CHECK_FALSE(t.parse_command_topic("meters/modbus-1/set/network_timeout/result"));
  CHECK_FALSE(t.parse_command_topic("meters/modbus-1/set/"));
  CHECK_FALSE(t.parse_command_topic("meters//set/x"));
  CHECK_FALSE(t.parse_command_topic("meters/a/b/set/x"));
  CHECK_FALSE(t.parse_command_topic("metersx/a/set/x"));
  CHECK_FALSE(t.parse_command_topic("meters/a/voltage_l1_v"));
  CHECK_FALSE(t.parse_command_topic("meters"));
  CHECK_FALSE(t.parse_command_topic(std::string{"meters/a\0b/set/x", 16}));
  CHECK_FALSE(t.parse_command_topic("meters/a/set/x+"));
  CHECK_FALSE(t.parse_command_topic("meters/a/set/\xff"));
  CHECK_FALSE(t.parse_command_topic("meters/a/set/" + std::string(129, 'x')));
}

#include "meterhub/vscp/topic.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "meterhub/core/error.hpp"

using namespace meterhub::vscp;

namespace {

constexpr std::string_view voltage_guid = "FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:15";

} // namespace

TEST_CASE("the default template gives the script's topic") {
  CHECK(render_topic(default_topic_template, voltage_guid, 1040, 16) ==
        "vscp/FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:15/1040/16");
  CHECK_FALSE(check_topic_template(default_topic_template));
}

TEST_CASE("templates may reorder, repeat and brace-escape placeholders") {
  CHECK(render_topic("{xtype}/{xclass}/{xtype}", voltage_guid, 1040, 5) == "5/1040/5");
  CHECK(render_topic("home/p1/{{raw}}/{xguid}", "G", 1040, 13) == "home/p1/{raw}/G");
  CHECK(render_topic("fixed", voltage_guid, 1040, 13) == "fixed");
  CHECK(render_topic("", voltage_guid, 1040, 13) == "");
  CHECK(render_topic("a}}b", voltage_guid, 1040, 13) == "a}b");
}

TEST_CASE("templates python would refuse are errors naming the key") {
  auto unknown = check_topic_template("vscp/{guid}/{xclass}", "MQTT.topic");
  REQUIRE(unknown);
  CHECK(meterhub::describe(unknown) ==
        "vscp: bad_topic: MQTT.topic: 'vscp/{guid}/{xclass}': unknown placeholder {guid} (only {xguid}, {xclass} "
        "and {xtype} exist)");
  CHECK(meterhub::describe(check_topic_template("vscp/}")) ==
        "vscp: bad_topic: topic: 'vscp/}': a single '}' at position 5 (write '}}' for a brace)");
  CHECK(meterhub::describe(check_topic_template("vscp/{xguid")) ==
        "vscp: bad_topic: topic: 'vscp/{xguid': '{' at position 5 is never closed");
  CHECK(check_topic_template("{xclass:04d}"));
  CHECK(check_topic_template("{xtype!r}"));
  CHECK(check_topic_template("{}"));
  CHECK(check_topic_template("%guid%/{xguid}") == caf::none);
  CHECK_FALSE(render_topic("{nope}", voltage_guid, 1040, 13));
}

TEST_CASE("publishable topics") {
  CHECK(is_publishable_topic("Meter reading active energy out"));
  CHECK(is_publishable_topic("a/b/c"));
  CHECK_FALSE(is_publishable_topic(""));
  CHECK_FALSE(is_publishable_topic("a/+/c"));
  CHECK_FALSE(is_publishable_topic("a/#"));
  CHECK_FALSE(is_publishable_topic(std::string_view{"a\0b", 3}));
  CHECK_FALSE(is_publishable_topic("M\xE4tare"));
  CHECK_FALSE(is_publishable_topic(std::string(65536, 'a')));
  CHECK(is_publishable_topic(std::string(65535, 'a')));
}

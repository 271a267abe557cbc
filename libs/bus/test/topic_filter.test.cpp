#include "meterhub/bus/bus.hpp"

#include <catch2/catch.hpp>

using meterhub::bus::topic_matches;

TEST_CASE("MQTT wildcards match as the specification says") {
  CHECK(topic_matches("meterhub/v1/readings/#", "meterhub/v1/readings/p1-a"));
  CHECK(topic_matches("meterhub/v1/readings/#", "meterhub/v1/readings"));
  CHECK(topic_matches("meterhub/v1/+/p1-a", "meterhub/v1/state/p1-a"));
  CHECK(topic_matches("$share/storage/meterhub/v1/readings/#", "meterhub/v1/readings/x"));
  CHECK(topic_matches("#", "a/b/c"));
  CHECK_FALSE(topic_matches("meterhub/v1/readings/#", "meterhub/v1/state/p1-a"));
  CHECK_FALSE(topic_matches("meterhub/v1/+", "meterhub/v1/state/p1-a"));
  CHECK_FALSE(topic_matches("a/b", "a/b/c"));
  CHECK_FALSE(topic_matches("a/b/c", "a/b"));
  CHECK_FALSE(topic_matches("$share/broken", "a"));
}

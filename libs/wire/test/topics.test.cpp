#include "meterhub/wire/topics.hpp"

#include <catch2/catch.hpp>

using meterhub::wire::topics;

TEST_CASE("topics follow the bus contract") {
  topics t;
  CHECK(t.readings("p1-a") == "meterhub/v1/readings/p1-a");
  CHECK(t.state("p1-a") == "meterhub/v1/state/p1-a");
  CHECK(t.service("p1", "host") == "meterhub/v1/service/p1/host");
  CHECK(t.command("p1-a") == "meterhub/v1/cmd/p1-a");
  CHECK(topics::shared("storage", t.all("readings")) == "$share/storage/meterhub/v1/readings/#");
  topics site{"site7"};
  CHECK(site.alerts("m") == "site7/v1/alerts/m");
}

TEST_CASE("device ids are taken back out of topics") {
  topics t;
  CHECK(t.device_of("meterhub/v1/readings/p1-a", "readings") == "p1-a");
  CHECK_FALSE(t.device_of("meterhub/v1/readings/", "readings"));
  CHECK_FALSE(t.device_of("meterhub/v1/state/p1-a", "readings"));
  CHECK_FALSE(t.device_of("other/v1/readings/p1-a", "readings"));
  CHECK_FALSE(t.device_of("meterhub/v1/readings/a/b", "readings"));
}

#include "live_hub.hpp"

#include <catch2/catch.hpp>

using namespace meterhub;
using namespace std::chrono_literals;

namespace {

reading_batch batch(std::string device, std::uint64_t seq, std::vector<std::string> quantities) {
  reading_batch b{std::move(device), "p1/test", seq, 0, {}};
  for (auto& q : quantities)
    b.readings.push_back(reading{q, 1.0, unit::wh, 1000, 0, ""});
  return b;
}

} // namespace

TEST_CASE("streams get the readings their filter asks for, once") {
  gateway::live_hub hub;
  auto all = hub.subscribe({});
  auto voltage = hub.subscribe({{"p1-a"}, {"1-0:32.7.0"}});
  CHECK(hub.publish(batch("p1-a", 1, {"1-0:1.8.1", "1-0:32.7.0"})));
  CHECK_FALSE(hub.publish(batch("p1-a", 1, {"1-0:1.8.1", "1-0:32.7.0"}))); // redelivered
  CHECK(hub.publish(batch("p1-b", 2, {"1-0:32.7.0"})));
  CHECK(hub.duplicates() == 1);
  int n = 0;
  while (all->pop(10ms))
    ++n;
  CHECK(n == 3);
  auto only = voltage->pop(10ms);
  REQUIRE(only);
  CHECK(only->device == "p1-a");
  CHECK(only->value.quantity == "1-0:32.7.0");
  CHECK_FALSE(voltage->pop(10ms));
}

TEST_CASE("a slow stream drops its oldest events and counts them") {
  gateway::live_hub hub;
  auto slow = hub.subscribe({}, 2);
  hub.publish(batch("d", 1, {"a", "b", "c"}));
  CHECK(slow->dropped() == 1);
  CHECK(slow->pop(10ms)->value.quantity == "b");
}

TEST_CASE("a stream that went away is forgotten") {
  gateway::live_hub hub;
  {
    auto gone = hub.subscribe({});
  }
  CHECK(hub.publish(batch("d", 1, {"a"})));
}

TEST_CASE("the hub counts dropped events over all streams, ended ones included") {
  gateway::live_hub hub;
  auto slow = hub.subscribe({}, 2);
  auto voltage_only = hub.subscribe({{}, {"1-0:32.7.0"}}, 1);
  {
    auto gone = hub.subscribe({}, 1);
    hub.publish(batch("d", 1, {"a", "b", "c"})); // slow drops 1, gone drops 2, voltage_only wants none
    CHECK(gone->dropped() == 2);
  }
  CHECK(hub.dropped() == 3);
  hub.publish(batch("d", 2, {"1-0:32.7.0", "1-0:32.7.0"})); // slow drops 2, voltage_only drops 1
  CHECK(slow->dropped() == 3);
  CHECK(voltage_only->dropped() == 1);
  CHECK(hub.dropped() == 6); // the stream that went away still counts
  CHECK_FALSE(hub.publish(batch("d", 2, {"x"}))); // a redelivery drops nothing
  CHECK(hub.dropped() == 6);
}

// /healthz follows the broker connection by itself: Kubernetes probes call only /healthz, never /metrics.
#include <caf/all.hpp>
#include <catch2/catch.hpp>
#include <httplib.h>

#include "meterhub/service/service.hpp"
#include "meterhub/testing/mosquitto.hpp"

using namespace meterhub;
using namespace std::chrono_literals;

namespace {

bus::bus_settings settings_for(const testing::mosquitto_broker& broker, const testing::temp_dir& dir) {
  bus::bus_settings s;
  s.url = broker.url();
  s.service = "health-test";
  s.instance = "test";
  s.client_id = "health-test";
  s.state_dir = dir / "bus";
  s.reconnect_min = 100ms;
  s.reconnect_max = 500ms;
  return s;
}

std::string get(int port, const std::string& path) {
  httplib::Client client{"127.0.0.1", port};
  auto res = client.Get(path.c_str());
  return res ? res->body : std::string{};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("/healthz shows the broker going away and coming back without any /metrics scrape") {
  testing::temp_dir dir;
  testing::mosquitto_broker broker{dir.path()};
  service::observability obs;
  REQUIRE_FALSE(obs.start({"127.0.0.1", 0, "", "", ""}, "health-test"));
  const int port = obs.http->port();
  {
    caf::actor_system_config cfg;
    caf::actor_system sys{cfg};
    auto bus = bus::spawn_bus(sys, settings_for(broker, dir), {});
    REQUIRE(bus);
    obs.watch_bus(sys, *bus);
    std::string health;
    CHECK(testing::eventually([&] { return contains(health = get(port, "/healthz"), R"("status":"ok")"); }, 10s));
    CHECK(health == R"({"status":"ok","components":{"bus":{"status":"ok","reason":""}}})");
    broker.stop();
    CHECK(testing::eventually([&] { return contains(health = get(port, "/healthz"), R"("status":"degraded")"); },
                              10s));
    CHECK(contains(health, "broker unreachable"));
    broker.start();
    CHECK(testing::eventually([&] { return contains(get(port, "/healthz"), R"("status":"ok")"); }, 10s));
    // The bus's running totals are counters with the _total suffix Prometheus expects.
    const auto metrics = get(port, "/metrics");
    CHECK(contains(metrics, "# TYPE meterhub_bus_published_total counter\n"));
    CHECK(contains(metrics, "# TYPE meterhub_bus_received_total counter\n"));
    CHECK(contains(metrics, "# TYPE meterhub_bus_spool_dropped_total counter\n"));
    CHECK_FALSE(contains(metrics, "meterhub_bus_published "));
    // The endpoint stays up while the actor system goes: its threads never touched an actor, so the actor
    // system's destructor does not wait for them (it did, forever, when they asked the bus themselves).
    caf::anon_send_exit(*bus, caf::exit_reason::user_shutdown);
  }
  CHECK(contains(get(port, "/healthz"), "bus actor stopped"));
}

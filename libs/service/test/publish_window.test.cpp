// A producer behind a publish_window never has more batches outstanding than the window, holds while it is full,
// is resumed by the bus's answers, and every batch reaches the broker.
#include <atomic>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "meterhub/service/publish_window.hpp"
#include "meterhub/testing/mosquitto.hpp"

using namespace meterhub;
using namespace std::chrono_literals;

namespace {

struct probe {
  std::atomic<int> sent{0};
  std::atomic<std::size_t> most_outstanding{0};
  std::atomic<int> holds{0};
};

struct producer_state {
  service::publish_window window{4};
};

using producer_pointer = caf::stateful_actor<producer_state>*;

/// Publishes until `total` are sent or the window is full; the answer that frees a full window calls it again.
void produce(producer_pointer self, bus::bus_actor bus, int total, std::shared_ptr<probe> p) {
  auto& window = self->state.window;
  while (p->sent < total && !window.full()) {
    window.publish(self, bus, "meterhub/v1/test/window", std::to_string(p->sent++),
                   [self, bus, total, p] { produce(self, bus, total, p); });
    if (window.outstanding() > p->most_outstanding)
      p->most_outstanding = window.outstanding();
  }
  if (window.full())
    ++p->holds;
}

caf::behavior producer(producer_pointer self, bus::bus_actor bus, int total, std::shared_ptr<probe> p) {
  produce(self, bus, total, p);
  return {[](caf::unit_t) {}};
}

} // namespace

TEST_CASE("a publish window of 4 holds the producer at 4 outstanding batches and loses none of 500") {
  testing::temp_dir dir;
  testing::mosquitto_broker broker{dir.path()};
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  bus::bus_settings s;
  s.url = broker.url();
  s.service = "window-test";
  s.instance = "test";
  s.client_id = "window-test";
  s.state_dir = dir / "bus";
  auto bus = bus::spawn_bus(sys, s, {});
  REQUIRE(bus);
  auto p = std::make_shared<probe>();
  auto prod = sys.spawn(producer, *bus, 500, p);
  caf::scoped_actor self{sys};
  std::uint64_t published = 0;
  const bool all = testing::eventually([&] {
    self->request(*bus, 5s, bus::status_atom::value)
      .receive([&](const bus::bus_status& st) { published = st.published; }, [](caf::error&) {});
    return published == 500;
  }, 30s);
  INFO("published " << published << ", sent " << p->sent << ", held " << p->holds << " times");
  CHECK(all);
  CHECK(p->sent == 500);
  CHECK(p->most_outstanding == 4);
  CHECK(p->holds > 0);
  caf::anon_send_exit(prod, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(*bus, caf::exit_reason::user_shutdown);
}

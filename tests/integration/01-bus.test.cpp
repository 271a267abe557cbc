// The bus against a real Mosquitto: spooling while the broker is away, replay in order, durable subscriptions.
#include <mutex>
#include <set>
#include <thread>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "meterhub/bus/bus.hpp"
#include "meterhub/bus/error.hpp"
#include "meterhub/testing/mosquitto.hpp"

using namespace meterhub;
using namespace std::chrono_literals;

namespace {

struct collected {
  std::mutex mutex;
  std::vector<std::string> payloads;
  std::size_t size() {
    std::lock_guard<std::mutex> g{mutex};
    return payloads.size();
  }
};

caf::behavior collector(caf::event_based_actor* self, std::shared_ptr<collected> out, bus::bus_actor* bus) {
  return {[=](bus::bus_message& msg) {
    {
      std::lock_guard<std::mutex> g{out->mutex};
      out->payloads.push_back(msg.payload);
    }
    if (msg.durable)
      self->send(*bus, bus::ack_atom::value, msg.inbox_id);
  }};
}

bus::bus_settings settings_for(const testing::mosquitto_broker& broker, const testing::temp_dir& dir,
                               const std::string& service) {
  bus::bus_settings s;
  s.url = broker.url();
  s.service = service;
  s.instance = "test";
  s.client_id = service + "-test";
  s.state_dir = dir / service;
  s.reconnect_min = 100ms;
  s.reconnect_max = 500ms;
  return s;
}

/// Sends every actor it holds an exit message when the test leaves its scope, on every path: a failed REQUIRE must
/// end the test with a report, not leave the actor system's destructor waiting for actors nobody stopped. Declare it
/// after the actor system so it runs first.
struct stop_on_exit {
  std::vector<caf::actor> actors;
  template <class Handle>
  void add(const Handle& h) {
    actors.push_back(caf::actor_cast<caf::actor>(h));
  }
  ~stop_on_exit() {
    for (auto& a : actors)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }
};

/// What every test here starts from: a broker in a temporary directory, an actor system, the actors to stop at
/// the end, and a scoped actor to talk to them (members in the order they must be built and torn down).
struct bus_site {
  testing::temp_dir dir;
  testing::mosquitto_broker broker{dir.path()};
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  stop_on_exit stop;
  caf::scoped_actor self{sys};
};

/// The bus actor's status as a test sees it; an empty status when it does not answer in time.
bus::bus_status status_of(caf::scoped_actor& self, const bus::bus_actor& bus) {
  bus::bus_status out;
  self->request(bus, 2s, bus::status_atom::value).receive([&](const bus::bus_status& s) { out = s; },
                                                          [&](caf::error&) {});
  return out;
}

} // namespace

TEST_CASE_METHOD(bus_site, "readings published while the broker is down arrive in order once it is back") {
  auto got = std::make_shared<collected>();
  auto subscriber_bus = std::make_shared<bus::bus_actor>();
  auto sink = sys.spawn(collector, got, subscriber_bus.get());
  stop.add(sink);
  // A plain durable subscription, as meterhub-storage's: Mosquitto 2.0.11 restores a session without its shared
  // subscriptions when it restarts (docs/architecture.md).
  auto sub = bus::spawn_bus(sys, settings_for(broker, dir, "sub"), {{"meterhub/v1/readings/#", sink, true}});
  REQUIRE(sub);
  stop.add(*sub);
  *subscriber_bus = *sub;
  auto pub = bus::spawn_bus(sys, settings_for(broker, dir, "pub"), {});
  REQUIRE(pub);
  stop.add(*pub);
  auto connected = [&](const bus::bus_actor& b) { return status_of(self, b).connected; };
  REQUIRE(testing::eventually([&] { return connected(*sub) && connected(*pub); }, 10s));

  for (int i = 0; i < 20; ++i)
    self->send(*pub, bus::publish_atom::value, std::string{"meterhub/v1/readings/dev"}, "m" + std::to_string(i));
  REQUIRE(testing::eventually([&] { return got->size() == 20; }, 10s));

  broker.stop();
  REQUIRE(testing::eventually([&] { return !connected(*pub); }, 10s));
  for (int i = 20; i < 60; ++i)
    self->send(*pub, bus::publish_atom::value, std::string{"meterhub/v1/readings/dev"}, "m" + std::to_string(i));
  std::this_thread::sleep_for(300ms);
  broker.start();
  // Delivery is at least once: a restarted broker may hand over again what it had delivered before it went down
  // (consumers are idempotent by contract). What must hold: every message arrives, first deliveries in order.
  auto firsts = [&] {
    std::lock_guard<std::mutex> g{got->mutex};
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& p : got->payloads)
      if (seen.insert(p).second)
        out.push_back(p);
    return out;
  };
  REQUIRE(testing::eventually([&] { return firsts().size() >= 60; }, 20s));
  const auto order = firsts();
  REQUIRE(order.size() == 60);
  for (int i = 0; i < 60; ++i)
    CHECK(order[static_cast<std::size_t>(i)] == "m" + std::to_string(i));
}

TEST_CASE_METHOD(bus_site, "a request gets its answer through MQTT v5 response topic and correlation data") {
  auto responder_bus = std::make_shared<bus::bus_actor>();
  auto responder = sys.spawn([responder_bus](caf::event_based_actor* self) -> caf::behavior {
    return {[=](bus::bus_message& msg) {
      self->send(*responder_bus, bus::reply_atom::value, msg.response_topic, msg.correlation, "echo:" + msg.payload);
    }};
  });
  stop.add(responder);
  auto answering = bus::spawn_bus(sys, settings_for(broker, dir, "answer"), {{"meterhub/v1/cmd/#", responder, false}});
  REQUIRE(answering);
  stop.add(*answering);
  *responder_bus = *answering;
  auto asking = bus::spawn_bus(sys, settings_for(broker, dir, "ask"), {});
  REQUIRE(asking);
  stop.add(*asking);
  std::string answer;
  REQUIRE(testing::eventually(
    [&] {
      self->request(*asking, 3s, bus::request_atom::value, std::string{"meterhub/v1/cmd/dev"}, std::string{"ping"},
                    std::uint32_t{1000})
        .receive([&](const std::string& a) { answer = a; }, [&](caf::error&) {});
      return !answer.empty();
    },
    15s));
  CHECK(answer == "echo:ping");
  bool timed_out = false;
  self->request(*asking, 3s, bus::request_atom::value, std::string{"meterhub/v1/nobody/dev"}, std::string{"x"},
                std::uint32_t{200})
    .receive([&](const std::string&) {}, [&](caf::error& err) { timed_out = err == bus::bus_errc::timeout; });
  CHECK(timed_out);
}

TEST_CASE_METHOD(bus_site, "a durable subscriber that was away receives what was published meanwhile, once") {
  auto got = std::make_shared<collected>();
  auto subscriber_bus = std::make_shared<bus::bus_actor>();
  auto sink = sys.spawn(collector, got, subscriber_bus.get());
  stop.add(sink);
  auto connected = [&](const bus::bus_actor& b) { return status_of(self, b).connected; };
  auto start_subscriber = [&] {
    auto sub = bus::spawn_bus(sys, settings_for(broker, dir, "away"),
                              {{"$share/store/meterhub/v1/readings/#", sink, true}});
    REQUIRE(sub);
    stop.add(*sub);
    *subscriber_bus = *sub;
    REQUIRE(testing::eventually([&] { return connected(*sub); }, 10s));
  };
  start_subscriber();
  auto pub = bus::spawn_bus(sys, settings_for(broker, dir, "pub"), {});
  REQUIRE(pub);
  stop.add(*pub);
  REQUIRE(testing::eventually([&] { return connected(*pub); }, 10s));

  self->monitor(*subscriber_bus);
  self->send_exit(*subscriber_bus, caf::exit_reason::user_shutdown);
  bool gone = false;
  self->receive([&](const caf::down_msg&) { gone = true; }, caf::after(10s) >> [] {});
  REQUIRE(gone);
  for (int i = 0; i < 30; ++i)
    self->send(*pub, bus::publish_atom::value, std::string{"meterhub/v1/readings/dev"}, "m" + std::to_string(i));
  REQUIRE(testing::eventually([&] { return status_of(self, *pub).published == 30; }, 10s));
  start_subscriber(); // same client id: the broker kept the session and queued for it
  REQUIRE(testing::eventually([&] { return got->size() >= 30; }, 10s));
  std::this_thread::sleep_for(300ms);
  {
    std::lock_guard<std::mutex> g{got->mutex};
    REQUIRE(got->payloads.size() == 30);
    for (int i = 0; i < 30; ++i)
      CHECK(got->payloads[static_cast<std::size_t>(i)] == "m" + std::to_string(i));
  }
}

TEST_CASE_METHOD(bus_site,
                 "a durable sink that falls behind gets at most inbox_window messages at a time, the rest wait on disk") {
  struct held {
    std::mutex mutex;
    std::vector<bus::bus_message> messages;
  };
  auto got = std::make_shared<held>();
  auto lazy = sys.spawn([got](caf::event_based_actor*) -> caf::behavior { // never acknowledges by itself
    return {[got](bus::bus_message& msg) {
      std::lock_guard<std::mutex> g{got->mutex};
      got->messages.push_back(std::move(msg));
    }};
  });
  stop.add(lazy);
  auto s = settings_for(broker, dir, "slow");
  s.inbox_window = 8;
  auto sub = bus::spawn_bus(sys, s, {{"$share/store/meterhub/v1/readings/#", lazy, true}});
  REQUIRE(sub);
  stop.add(*sub);
  auto pub = bus::spawn_bus(sys, settings_for(broker, dir, "pub"), {});
  REQUIRE(pub);
  stop.add(*pub);
  auto status = [&](const bus::bus_actor& b) { return status_of(self, b); };
  REQUIRE(testing::eventually([&] { return status(*sub).connected && status(*pub).connected; }, 10s));
  for (int i = 0; i < 50; ++i)
    self->send(*pub, bus::publish_atom::value, std::string{"meterhub/v1/readings/dev"}, "m" + std::to_string(i));
  REQUIRE(testing::eventually([&] { return status(*sub).received == 50; }, 10s));
  std::this_thread::sleep_for(300ms);
  auto held_count = [&] {
    std::lock_guard<std::mutex> g{got->mutex};
    return got->messages.size();
  };
  CHECK(held_count() == 8);
  CHECK(status(*sub).inbox_pending == 50);

  std::size_t acked = 0;
  REQUIRE(testing::eventually(
    [&] {
      std::lock_guard<std::mutex> g{got->mutex};
      for (; acked < got->messages.size(); ++acked)
        self->send(*sub, bus::ack_atom::value, got->messages[acked].inbox_id);
      return acked == 50;
    },
    10s));
  REQUIRE(testing::eventually([&] { return status(*sub).inbox_pending == 0; }, 10s));
  std::lock_guard<std::mutex> g{got->mutex};
  REQUIRE(got->messages.size() == 50);
  for (int i = 0; i < 50; ++i)
    CHECK(got->messages[static_cast<std::size_t>(i)].payload == "m" + std::to_string(i));
}

TEST_CASE_METHOD(bus_site, "a burst that spans many spool segments arrives complete, in order and once") {
  auto got = std::make_shared<collected>();
  auto subscriber_bus = std::make_shared<bus::bus_actor>();
  auto sink = sys.spawn(collector, got, subscriber_bus.get());
  stop.add(sink);
  auto sub_settings = settings_for(broker, dir, "sub");
  sub_settings.inbox_limits.segment_bytes = 4096;
  auto sub = bus::spawn_bus(sys, sub_settings, {{"meterhub/v1/readings/#", sink, true}});
  REQUIRE(sub);
  stop.add(*sub);
  *subscriber_bus = *sub;
  auto pub_settings = settings_for(broker, dir, "pub");
  pub_settings.spool_limits.segment_bytes = 4096; // ~30 records a segment: the reader crosses many boundaries
  pub_settings.inflight_window = 16;
  auto pub = bus::spawn_bus(sys, pub_settings, {});
  REQUIRE(pub);
  stop.add(*pub);
  auto status = [&](const bus::bus_actor& b) { return status_of(self, b); };
  REQUIRE(testing::eventually([&] { return status(*sub).connected && status(*pub).connected; }, 10s));
  const std::string filler(100, '.');
  for (int i = 0; i < 2000; ++i)
    self->send(*pub, bus::publish_atom::value, std::string{"meterhub/v1/readings/dev"}, "m" + std::to_string(i) + filler);
  REQUIRE(testing::eventually([&] { return got->size() >= 2000; }, 30s));
  std::this_thread::sleep_for(300ms);
  CHECK(status(*pub).published == 2000); // nothing sent twice
  std::lock_guard<std::mutex> g{got->mutex};
  REQUIRE(got->payloads.size() == 2000);
  for (int i = 0; i < 2000; ++i)
    if (got->payloads[static_cast<std::size_t>(i)] != "m" + std::to_string(i) + filler) {
      FAIL_CHECK("message " << i << " out of order or damaged");
      break;
    }
}

TEST_CASE_METHOD(bus_site,
                 "two instances with one client id are told apart in the error: the broker's takeover reason is kept") {
  auto status = [&](const bus::bus_actor& b) { return status_of(self, b); };
  auto first = bus::spawn_bus(sys, settings_for(broker, dir, "twin"), {});
  REQUIRE(first);
  stop.add(*first);
  REQUIRE(testing::eventually([&] { return status(*first).connected; }, 10s));
  auto second_settings = settings_for(broker, dir, "twin");
  second_settings.state_dir = dir / "twin-2"; // own spool, same client id: a copy-pasted configuration
  auto second = bus::spawn_bus(sys, second_settings, {});
  REQUIRE(second);
  stop.add(*second);
  std::string why;
  REQUIRE(testing::eventually(
    [&] { return (why = status(*first).last_error).find("same client id") != std::string::npos; }, 30s));
  CHECK(why.find("\"twin-test\"") != std::string::npos);
  CHECK(why.find("bus.client_id") != std::string::npos);
}

#include <map>
#include <set>

#include <caf/all.hpp>
#include "meterhub/logging/logging.hpp"

#include "meterhub/bus/bus.hpp"
#include "meterhub/bus/error.hpp"
#include "meterhub/bus/status_message.hpp"
#include "paho_link.hpp"
#include "records.hpp"

namespace meterhub::bus {

namespace {

std::shared_ptr<spdlog::logger> logger() {
  static auto log = logging::get("bus");
  return log;
}

struct bus_state {
  static inline const char* name = "meterhub.bus";

  bus_settings settings;
  std::shared_ptr<detail::routing> routes;
  std::shared_ptr<disk_queue> spool;
  std::shared_ptr<disk_queue> inbox;
  std::unique_ptr<detail::paho_link> link;
  std::map<std::string, std::string> retained;
  std::set<std::uint64_t> inflight;
  std::size_t inbox_inflight = 0;
  bool connected = false;
  bool connecting = false;
  bool rewind_when_idle = false;
  std::chrono::milliseconds backoff{0};
  std::int64_t started_ms = 0;
  std::int64_t connected_ms = 0;
  int short_lived = 0; ///< connections in a row that dropped within seconds of being made
  bus_status stats;
  std::uint64_t next_correlation = 0;
  std::map<std::string, caf::typed_response_promise<std::string>> requests;
  logging::rate_limiter limiter;

  ~bus_state() {
    if (link && connected)
      publish_offline();
    link.reset(); // disconnects before the queues close
  }

  void publish_offline() {
    try {
      auto topic = service_topic(settings);
      auto payload = service_status_payload(settings, false, started_ms);
      link->client().publish(topic, payload.data(), payload.size(), 1, true)->wait_for(std::chrono::seconds(1));
    } catch (const std::exception&) {
      // the last will covers a failed goodbye
    }
  }
};

using bus_pointer = bus_actor::stateful_pointer<bus_state>;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

mqtt::connect_options make_connect_options(const bus_state& st) {
  const auto& s = st.settings;
  bool durable = false;
  for (const auto& sub : st.routes->subscriptions)
    durable = durable || sub.durable;
  mqtt::connect_options_builder b;
  b.mqtt_version(MQTTVERSION_5);
  b.keep_alive_interval(s.keepalive).connect_timeout(std::chrono::seconds(10)).clean_start(!durable);
  if (!s.username.empty())
    b.user_name(s.username);
  if (!s.password.empty())
    b.password(s.password);
  auto will_payload = service_status_payload(s, false, st.started_ms);
  b.will(mqtt::message(service_topic(s), will_payload, 1, true));
  if (uses_tls(s.url))
    b.ssl(detail::tls_options(s.tls, st.link->tls_error_handler()));
  auto options = b.finalize();
  // Paho C++ 1.2 loses properties given to the builder (the broker then sees no session expiry and ends the
  // session at the first disconnect, dropping what it queued for a durable subscriber): set them on the result.
  if (durable) {
    mqtt::properties props;
    props.add({mqtt::property::SESSION_EXPIRY_INTERVAL, static_cast<int>(s.session_expiry.count())});
    options.set_properties(std::move(props));
  }
  return options;
}

void connect(bus_pointer self) {
  auto& st = self->state;
  if (st.connected || st.connecting)
    return;
  st.connecting = true;
  try {
    st.link->client().connect(make_connect_options(st), nullptr, st.link->connect_listener());
  } catch (const std::exception& e) {
    st.connecting = false;
    self->send(self, down_atom::value, std::string{"connect: "} + e.what());
  }
}

void schedule_reconnect(bus_pointer self) {
  auto& st = self->state;
  st.backoff = st.backoff.count() == 0 ? st.settings.reconnect_min
                                       : std::min(st.backoff * 2, st.settings.reconnect_max);
  self->delayed_send(self, st.backoff, connect_atom::value);
}

/// Logs a failed read of the spool or inbox (rate-limited); true when the queue skipped the damage and reading
/// can go on, false when it cannot be read now (the next event tries again).
bool keeps_going_after(bus_state& st, const char* queue, const caf::error& err) {
  std::uint64_t held = 0;
  if (st.limiter.allow(queue, now_ms(), held))
    logger()->error("{} read failed: {}{}", queue, describe(err), logging::suppressed_note(held));
  return err == bus_errc::corrupt_queue;
}

void pump(bus_pointer self) {
  auto& st = self->state;
  while (st.connected && st.inflight.size() < st.settings.inflight_window) {
    auto rec = st.spool->read_next();
    if (!rec) {
      if (keeps_going_after(st, "spool", rec.error()))
        continue;
      return;
    }
    if (!rec->has_value())
      return;
    auto msg = detail::decode_record((*rec)->data);
    if (!msg) { // cannot happen for records we wrote; drop it rather than block the queue
      st.spool->ack((*rec)->id);
      continue;
    }
    const auto id = (*rec)->id;
    try {
      auto* ctx = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
      st.link->client().publish(msg->topic, msg->payload.data(), msg->payload.size(), 1, false, ctx,
                                st.link->publish_listener());
      st.inflight.insert(id);
    } catch (const std::exception& e) {
      st.rewind_when_idle = true;
      st.stats.last_error = e.what();
      return;
    }
  }
}

void spool_and_pump(bus_pointer self, const std::string& topic, const std::string& payload) {
  if (auto id = self->state.spool->push(detail::encode_record(topic, payload)); !id)
    logger()->error("cannot spool a message for {}: {}", topic, describe(id.error()));
  pump(self);
}

/// Hands inbox records to their durable sinks while fewer than `inbox_window` await acknowledgement.
void pump_inbox(bus_pointer self) {
  auto& st = self->state;
  st.routes->inbox_signalled = false; // before reading: a record pushed from now on signals again
  while (st.inbox_inflight < st.settings.inbox_window) {
    auto rec = st.inbox->read_next();
    if (!rec) {
      if (keeps_going_after(st, "inbox", rec.error()))
        continue;
      return;
    }
    if (!rec->has_value())
      return;
    auto& [id, data] = **rec;
    auto msg = detail::decode_record(data);
    const auto* sub = msg ? st.routes->durable_for(msg->topic) : nullptr;
    if (!sub) { // unreadable, or no durable subscriber wants it any more: done
      st.inbox->ack(id);
      continue;
    }
    ++st.inbox_inflight;
    caf::anon_send(sub->sink, bus_message{id, true, std::move(msg->topic), std::move(msg->payload), {}, {}});
  }
}

void on_inbox_ack(bus_pointer self, std::uint64_t id) {
  auto& st = self->state;
  st.inbox->ack(id);
  if (st.inbox_inflight > 0)
    --st.inbox_inflight;
  pump_inbox(self);
}

void publish_retained(bus_state& st, const std::string& topic, const std::string& payload) {
  try {
    st.link->client().publish(topic, payload.data(), payload.size(), 1, true);
  } catch (const std::exception& e) {
    st.stats.last_error = e.what(); // re-sent after the next reconnect
  }
}

void on_connected(bus_pointer self) {
  auto& st = self->state;
  const bool first = st.stats.reconnects == 0 && !st.connected;
  st.connected = true;
  st.connecting = false;
  st.backoff = std::chrono::milliseconds{0};
  st.connected_ms = now_ms();
  logger()->info("connected to {}{}", st.settings.url, first ? "" : " again");
  for (const auto& sub : st.routes->subscriptions)
    st.link->client().subscribe(sub.filter, 1);
  st.link->client().subscribe(st.routes->reply_topic, 1);
  publish_retained(st, service_topic(st.settings), service_status_payload(st.settings, true, st.started_ms));
  for (const auto& [topic, payload] : st.retained)
    publish_retained(st, topic, payload);
  st.inflight.clear();
  st.spool->rewind();
  pump(self);
}

/// Mosquitto closes a connection whose client id another client takes, without saying so (MQTT v5 brokers that do
/// say it reach us as a reason): connections that keep dropping right after they are made get a hint.
std::string explain_loss(bus_state& st, const std::string& why) {
  constexpr std::int64_t short_ms = 5000;
  st.short_lived = now_ms() - st.connected_ms < short_ms ? st.short_lived + 1 : 0;
  if (st.short_lived < 3 || why.find("same client id") != std::string::npos)
    return why;
  return why + " (" + std::to_string(st.short_lived) + " connections in a row dropped within 5 s: is another " +
         "client using the same client id \"" + detail::client_id_or_default(st.settings) +
         "\"? check bus.client_id and bus.instance)";
}

void on_disconnected(bus_pointer self, std::string why) {
  auto& st = self->state;
  if (!st.connected && !st.connecting) { // a second notice of the same loss (Paho and the broker both tell)
    std::uint64_t held = 0;
    if (why != st.stats.last_error && st.limiter.allow("disconnect", now_ms(), held))
      logger()->warn("broker {}: {}{}", st.settings.url, why, logging::suppressed_note(held));
    st.stats.last_error = why;
    return;
  }
  if (st.connected)
    why = explain_loss(st, why);
  if (st.connected)
    logger()->warn("lost the broker {}: {}; {} messages spooled", st.settings.url, why, st.spool->pending());
  else if (st.backoff.count() == 0 || st.backoff >= st.settings.reconnect_max || why != st.stats.last_error)
    logger()->warn("cannot reach the broker {}: {}", st.settings.url, why); // a new reason, such as TLS's, is told
  st.stats.last_error = why;
  if (st.connected)
    ++st.stats.reconnects;
  st.connected = false;
  st.connecting = false;
  st.inflight.clear();
  schedule_reconnect(self);
}

void on_delivered(bus_pointer self, std::uint64_t id, bool ok) {
  auto& st = self->state;
  st.inflight.erase(id);
  if (ok) {
    st.spool->ack(id);
    ++st.stats.published;
  } else {
    st.rewind_when_idle = true;
  }
  if (st.rewind_when_idle && st.inflight.empty() && st.connected) {
    st.rewind_when_idle = false;
    st.spool->rewind();
  }
  pump(self);
}

mqtt::message_ptr request_message(const std::string& topic, const std::string& payload,
                                  const std::string& response_topic, const std::string& correlation) {
  mqtt::properties props;
  if (!response_topic.empty())
    props.add({mqtt::property::RESPONSE_TOPIC, response_topic});
  props.add({mqtt::property::CORRELATION_DATA, correlation});
  auto msg = mqtt::make_message(topic, payload, 1, false);
  msg->set_properties(props);
  return msg;
}

caf::result<std::string> send_request(bus_pointer self, const std::string& topic, const std::string& payload,
                                      std::uint32_t timeout_ms) {
  auto& st = self->state;
  if (!st.connected)
    return make_error(bus_errc::not_connected, "the broker " + st.settings.url + " is unreachable");
  auto correlation = st.settings.instance + "-" + std::to_string(++st.next_correlation);
  try {
    st.link->client().publish(request_message(topic, payload, st.routes->reply_topic, correlation));
  } catch (const std::exception& e) {
    return make_error(bus_errc::not_connected, e.what());
  }
  auto promise = self->make_response_promise<std::string>();
  st.requests.emplace(correlation, promise);
  self->delayed_send(self, std::chrono::milliseconds(timeout_ms), expire_atom::value, correlation);
  return promise;
}

void finish_request(bus_state& st, const std::string& correlation, caf::expected<std::string> outcome) {
  auto it = st.requests.find(correlation);
  if (it == st.requests.end())
    return; // answered already, or timed out
  if (outcome)
    it->second.deliver(std::move(*outcome));
  else
    it->second.deliver(outcome.error());
  st.requests.erase(it);
}

bus_actor::behavior_type bus_impl(bus_pointer self, bus_settings settings, std::shared_ptr<detail::routing> routes,
                                  std::shared_ptr<disk_queue> spool) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.routes = std::move(routes);
  st.spool = std::move(spool);
  st.inbox = st.routes->inbox;
  st.routes->bus = bus_actor{self};
  st.started_ms = now_ms();
  st.link = std::make_unique<detail::paho_link>(st.settings, bus_actor{self}, st.routes);
  st.inbox->rewind(); // what a previous run received and did not commit goes first
  pump_inbox(self);
  connect(self);
  return {
    [=](publish_atom, std::string& topic, std::string& payload) { spool_and_pump(self, topic, payload); },
    [=](spool_atom, std::string& topic, std::string& payload) -> std::uint64_t {
      spool_and_pump(self, topic, payload);
      return self->state.spool->pending();
    },
    [=](retain_atom, std::string& topic, std::string& payload) {
      auto& state = self->state;
      if (state.connected)
        publish_retained(state, topic, payload);
      state.retained[std::move(topic)] = std::move(payload);
    },
    [=](ack_atom, std::uint64_t id) { on_inbox_ack(self, id); },
    [=](inbox_atom) { pump_inbox(self); },
    [=](status_atom) -> bus_status {
      auto& state = self->state;
      auto s = state.stats;
      s.connected = state.connected;
      s.spool_pending = state.spool->pending();
      s.spool_dropped = state.spool->dropped();
      s.received = state.routes->received.load();
      s.inbox_pending = state.inbox->pending();
      return s;
    },
    [=](request_atom, const std::string& topic, const std::string& payload, std::uint32_t timeout_ms) {
      return send_request(self, topic, payload, timeout_ms);
    },
    [=](reply_atom, const std::string& topic, const std::string& correlation, const std::string& payload) {
      try {
        self->state.link->client().publish(request_message(topic, payload, {}, correlation));
      } catch (const std::exception& e) {
        logger()->warn("cannot answer on {}: {}", topic, e.what());
      }
    },
    [=](response_atom, const std::string& correlation, std::string& payload) {
      finish_request(self->state, correlation, std::move(payload));
    },
    [=](expire_atom, const std::string& correlation) {
      finish_request(self->state, correlation, make_error(bus_errc::timeout, "no answer in time"));
    },
    [=](connect_atom) { connect(self); },
    [=](up_atom) { on_connected(self); },
    [=](down_atom, std::string& why) { on_disconnected(self, std::move(why)); },
    [=](delivered_atom, std::uint64_t id) { on_delivered(self, id, true); },
    [=](undelivered_atom, std::uint64_t id) { on_delivered(self, id, false); },
  };
}

} // namespace

caf::expected<bus_actor> spawn_bus(caf::actor_system& sys, bus_settings settings,
                                   std::vector<subscription> subscriptions) {
  if (settings.service.empty() || settings.instance.empty())
    return make_error(bus_errc::bad_settings, "service and instance names are required");
  auto spool = disk_queue::open(settings.state_dir / "spool", settings.spool_limits);
  if (!spool)
    return spool.error();
  auto inbox = disk_queue::open(settings.state_dir / "inbox", settings.inbox_limits);
  if (!inbox)
    return inbox.error();
  auto routes = std::make_shared<detail::routing>();
  routes->subscriptions = std::move(subscriptions);
  routes->inbox = std::shared_ptr<disk_queue>{std::move(*inbox)};
  routes->reply_topic = settings.prefix + "/v1/reply/" + settings.service + "-" + settings.instance;
  try {
    return sys.spawn<caf::detached>(bus_impl, std::move(settings), routes,
                                    std::shared_ptr<disk_queue>{std::move(*spool)});
  } catch (const std::exception& e) {
    return make_error(bus_errc::bad_settings, e.what());
  }
}

} // namespace meterhub::bus

#include <deque>
#include <map>
#include <unordered_map>

#include <caf/all.hpp>

#include "meterhub/bus/error.hpp"
#include "meterhub/bus/output.hpp"
#include "meterhub/logging/logging.hpp"
#include "output_link.hpp"

namespace meterhub::bus {

namespace {

std::shared_ptr<spdlog::logger> logger() {
  static auto log = logging::get("bus");
  return log;
}

/// The messages of one `emit`, answered when the broker took the last of them.
struct job {
  std::vector<out_message> messages;
  std::vector<bool> taken;
  std::size_t left = 0;
  caf::typed_response_promise<std::uint64_t> promise;
};

/// One message of one job.
struct slot {
  std::uint64_t job = 0;
  std::size_t index = 0;
};

struct output_state {
  static inline const char* name = "meterhub.bus.output";

  output_settings settings;
  std::unique_ptr<detail::output_link> link;
  std::map<std::uint64_t, job> jobs;
  std::deque<slot> waiting;                          ///< not yet handed to Paho, in order
  std::unordered_map<std::uint64_t, slot> inflight;  ///< handed to Paho, by publish id
  std::uint64_t next_job = 0;
  std::uint64_t next_publish = 0;
  bool connected = false;
  bool connecting = false;
  std::chrono::milliseconds backoff{0};
  output_status stats;
  logging::rate_limiter limiter;
};

using output_pointer = output_actor::stateful_pointer<output_state>;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

void connect(output_pointer self) {
  auto& st = self->state;
  if (st.connected || st.connecting)
    return;
  st.connecting = true;
  try {
    st.link->client().connect(st.link->connect_options(st.settings), nullptr, st.link->connect_listener());
  } catch (const std::exception& e) {
    st.connecting = false;
    self->send(self, down_atom::value, std::string{"connect: "} + e.what());
  }
}

/// Marks one message as done; answers its job when it was the last.
void settle(output_state& st, const slot& where) {
  auto j = st.jobs.find(where.job);
  if (j == st.jobs.end() || j->second.taken[where.index])
    return;
  j->second.taken[where.index] = true;
  if (--j->second.left == 0) {
    j->second.promise.deliver(static_cast<std::uint64_t>(j->second.messages.size()));
    st.jobs.erase(j);
  }
}

/// A message Paho refuses outright (a wildcard in the topic, invalid UTF-8): dropped, counted and told.
void refuse(output_pointer self, const slot& where, const std::string& why) {
  auto& st = self->state;
  std::uint64_t held = 0;
  if (st.limiter.allow("refused", now_ms(), held))
    logger()->error("output: cannot publish on \"{}\": {}{}", st.jobs[where.job].messages[where.index].topic, why,
                    logging::suppressed_note(held));
  ++st.stats.refused;
  st.waiting.pop_front();
  settle(st, where);
}

/// Hands waiting messages to Paho while the window has room; a message the broker took already is skipped.
void pump(output_pointer self) {
  auto& st = self->state;
  while (st.connected && st.inflight.size() < st.settings.inflight_window && !st.waiting.empty()) {
    const auto next = st.waiting.front();
    auto it = st.jobs.find(next.job);
    if (it == st.jobs.end() || it->second.taken[next.index]) {
      st.waiting.pop_front();
      continue;
    }
    const auto& m = it->second.messages[next.index];
    const auto id = ++st.next_publish;
    try {
      auto* ctx = reinterpret_cast<void*>(static_cast<std::uintptr_t>(id));
      st.link->client().publish(m.topic, m.payload.data(), m.payload.size(), m.qos, m.retained, ctx,
                                st.link->publish_listener());
    } catch (const mqtt::exception& e) {
      st.stats.last_error = e.what();
      const int rc = e.get_return_code();
      if (rc == MQTTASYNC_DISCONNECTED || rc == MQTTASYNC_MAX_BUFFERED_MESSAGES)
        return; // sent again after the next reconnect, or when Paho has room
      refuse(self, next, e.what()); // a topic or payload MQTT does not allow: it can never be sent
      continue;
    }
    st.waiting.pop_front();
    st.inflight.emplace(id, next);
  }
}

void taken(output_pointer self, std::uint64_t id) {
  auto& st = self->state;
  auto it = st.inflight.find(id);
  if (it == st.inflight.end())
    return; // counted as lost when the connection dropped; its second copy settles it
  const auto where = it->second;
  st.inflight.erase(it);
  ++st.stats.published;
  settle(st, where);
  pump(self);
}

/// Everything Paho held when the connection dropped goes back to the front of the queue, in its order.
void requeue_inflight(output_state& st) {
  std::map<std::uint64_t, slot> ordered(st.inflight.begin(), st.inflight.end());
  for (auto it = ordered.rbegin(); it != ordered.rend(); ++it)
    st.waiting.push_front(it->second);
  st.stats.resent += ordered.size();
  st.inflight.clear();
}

void on_down(output_pointer self, const std::string& why) {
  auto& st = self->state;
  std::uint64_t held = 0;
  if (st.limiter.allow("down", now_ms(), held))
    logger()->warn("output broker {}: {}; {} messages wait{}", logging::redact(st.settings.url), why,
                   st.waiting.size() + st.inflight.size(), logging::suppressed_note(held));
  if (st.connected)
    ++st.stats.reconnects;
  st.stats.last_error = why;
  st.connected = false;
  st.connecting = false;
  requeue_inflight(st);
  st.backoff = st.backoff.count() == 0 ? st.settings.reconnect_min
                                       : std::min(st.backoff * 2, st.settings.reconnect_max);
  self->delayed_send(self, st.backoff, connect_atom::value);
}

void on_up(output_pointer self) {
  auto& st = self->state;
  st.connected = true;
  st.connecting = false;
  st.backoff = std::chrono::milliseconds{0};
  logger()->info("output connected to {}", logging::redact(st.settings.url));
  try {
    for (const auto& filter : st.link->filters())
      st.link->client().subscribe(filter, 1);
    if (const auto& b = st.settings.birth; !b.topic.empty())
      st.link->client().publish(b.topic, b.payload.data(), b.payload.size(), b.qos, b.retained);
  } catch (const std::exception& e) {
    logger()->warn("output broker {}: cannot subscribe: {}", logging::redact(st.settings.url), e.what());
  }
  pump(self);
}

caf::result<std::uint64_t> emit(output_pointer self, std::vector<out_message>& messages) {
  auto& st = self->state;
  if (messages.empty())
    return std::uint64_t{0};
  const auto id = ++st.next_job;
  auto& j = st.jobs[id];
  j.left = messages.size();
  j.taken.assign(messages.size(), false);
  j.messages = std::move(messages);
  j.promise = self->make_response_promise<std::uint64_t>();
  for (std::size_t i = 0; i < j.messages.size(); ++i)
    st.waiting.push_back({id, i});
  auto promise = j.promise;
  pump(self);
  return promise;
}

output_actor::behavior_type output_impl(output_pointer self, output_settings settings) {
  auto& st = self->state;
  st.settings = std::move(settings);
  st.link = std::make_unique<detail::output_link>(st.settings, output_actor{self});
  connect(self);
  return {
    [=](emit_atom, std::vector<out_message>& messages) { return emit(self, messages); },
    [=](status_atom) -> output_status {
      auto s = self->state.stats;
      s.connected = self->state.connected;
      s.queued = self->state.waiting.size() + self->state.inflight.size();
      return s;
    },
    [=](subscribe_atom, std::string& filter, caf::actor& sink) {
      auto& s = self->state;
      s.link->add_subscription({filter, sink, false});
      if (s.connected) {
        try {
          s.link->client().subscribe(filter, 1);
        } catch (const std::exception& e) {
          logger()->warn("output broker {}: cannot subscribe to {}: {}", logging::redact(s.settings.url), filter,
                         e.what());
        }
      }
    },
    [=](connect_atom) { connect(self); },
    [=](up_atom) { on_up(self); },
    [=](down_atom, const std::string& why) { on_down(self, why); },
    [=](delivered_atom, std::uint64_t id) { taken(self, id); },
    [=](undelivered_atom, std::uint64_t id) {
      auto& s = self->state;
      if (auto it = s.inflight.find(id); it != s.inflight.end()) {
        s.waiting.push_front(it->second);
        s.inflight.erase(it);
        ++s.stats.resent;
      }
      pump(self);
    },
  };
}

} // namespace

caf::expected<output_actor> spawn_output(caf::actor_system& sys, output_settings settings) {
  if (settings.client_id.empty())
    return make_error(bus_errc::bad_settings, "an output connection needs a client id");
  try {
    return sys.spawn<caf::detached>(output_impl, std::move(settings));
  } catch (const std::exception& e) {
    return make_error(bus_errc::bad_settings, e.what());
  }
}

} // namespace meterhub::bus

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
  self->state.link->connect(); // once: libmosquitto's thread reconnects by itself
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

/// Answers a job as taken in full (its barrier came back) and forgets it.
void complete(output_state& st, std::uint64_t job) {
  auto j = st.jobs.find(job);
  if (j == st.jobs.end())
    return;
  j->second.promise.deliver(static_cast<std::uint64_t>(j->second.messages.size()));
  st.jobs.erase(j);
}

/// A message the client refuses outright (a wildcard in the topic, invalid UTF-8): dropped, counted and told.
void refuse(output_pointer self, const slot& where, const std::string& why) {
  auto& st = self->state;
  std::uint64_t held = 0;
  if (st.limiter.allow("refused", now_ms(), held))
    logger()->error("output: cannot publish on \"{}\": {}{}", st.jobs[where.job].messages[where.index].topic, why,
                    logging::suppressed_note(held));
  ++st.stats.refused;
  st.waiting.pop_front();
  auto j = st.jobs.find(where.job);
  if (j != st.jobs.end() && where.index + 1 == j->second.messages.size())
    complete(st, where.job); // the barrier itself cannot go: the job ends without its confirmation
  else
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
    std::string why;
    const auto outcome = st.link->publish(m, id, why);
    if (outcome == detail::publish_outcome::not_connected) {
      st.stats.last_error = why;
      return; // sent again after the next reconnect
    }
    if (outcome == detail::publish_outcome::refused) {
      refuse(self, next, why); // a topic or payload MQTT does not allow: it can never be sent
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
  auto j = st.jobs.find(where.job);
  if (j != st.jobs.end()) {
    const bool barrier = where.index + 1 == j->second.messages.size();
    if (barrier) { // its PUBACK: the broker took every message of the job before it, on this connection
      st.stats.published += j->second.left;
      complete(st, where.job);
    } else if (j->second.messages[where.index].qos > 0) {
      ++st.stats.published;
      settle(st, where);
    } // a QoS 0 message written to the socket is taken only with the job's barrier
  }
  pump(self);
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
  // Everything the broker has not acknowledged goes out again after the reconnect, in order: what was in flight,
  // and QoS 0 messages written before the loss, which are not known to have arrived (their job's barrier had not
  // come back).
  st.stats.resent += st.inflight.size();
  st.inflight.clear();
  st.waiting.clear();
  for (auto& [id, j] : st.jobs)
    for (std::size_t i = 0; i < j.messages.size(); ++i)
      if (!j.taken[i])
        st.waiting.push_back({id, i});
}

void on_up(output_pointer self) {
  auto& st = self->state;
  st.connected = true;
  logger()->info("output connected to {}", logging::redact(st.settings.url));
  st.link->resubscribe();
  if (const auto& b = st.settings.birth; !b.topic.empty()) {
    std::string why;
    st.link->publish(b, 0, why);
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
  if (j.messages.back().qos == 0)
    j.messages.back().qos = 1; // the job's barrier: its PUBACK says the broker took all of the job
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
  if (!st.link->problem().empty())
    logger()->error("output {}: {}", logging::redact(st.settings.url), st.link->problem());
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
      self->state.link->add_subscription({filter, sink, false});
    },
    [=](connect_atom) { connect(self); },
    [=](up_atom) { on_up(self); },
    [=](down_atom, const std::string& why) { on_down(self, why); },
    [=](delivered_atom, std::uint64_t) {
      for (auto id : self->state.link->take_delivered())
        taken(self, id);
    },
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

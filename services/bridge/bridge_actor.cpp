#include "bridge_actor.hpp"

#include <caf/all.hpp>

#include "meterhub/logging/logging.hpp"
#include "meterhub/service/service.hpp"
#include "command_result.hpp"
#include "meterhub/bus/error.hpp"
#include "meterhub/mirror/command.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/wire/convert.hpp"

namespace meterhub::bridge {

namespace {

using tick_atom = caf::atom_constant<caf::atom("tick")>;

struct bridge_counters {
  metrics::counter batches, readings, states, alerts, published, malformed, translate_errors, commands, refused;
  metrics::gauge pending;
};

struct bridge_state {
  static inline const char* name = "meterhub.bridge";
  std::vector<route> routes;
  bridge_links links;
  bridge_counters counters;
  std::int64_t pending = 0; ///< inbox records whose derived messages the output broker has not taken yet
  logging::rate_limiter limiter;
  std::shared_ptr<spdlog::logger> log = logging::get("bridge");
};

using bridge_pointer = caf::stateful_actor<bridge_state>*;

void warn(bridge_pointer self, std::string_view key, const std::string& text) {
  std::uint64_t held = 0;
  if (self->state.limiter.allow(key, service::now_ms(), held))
    self->state.log->warn("{}{}", text, logging::suppressed_note(held));
}

void ack(bridge_pointer self, const bus::bus_message& msg) {
  if (msg.durable && *self->state.links.bus)
    self->send(*self->state.links.bus, bus::ack_atom::value, msg.inbox_id);
}

/// The messages derived from one bus record, by the output connection they go to.
using derived = std::vector<std::pair<bus::output_actor, std::vector<bus::out_message>>>;

std::vector<bus::out_message>& group_of(derived& out, const bus::output_actor& output) {
  for (auto& [o, messages] : out)
    if (o == output)
      return messages;
  return out.emplace_back(output, std::vector<bus::out_message>{}).second;
}

/// Runs `step` for every route; a translator that throws (a bug, never the input's fault) is counted and logged,
/// and the others go on.
template <class Step>
void each_translator(bridge_pointer self, std::string_view what, derived& out, Step step) {
  for (const auto& r : self->state.routes) {
    try {
      step(*r.format, group_of(out, r.output));
    } catch (const std::exception& e) {
      self->state.counters.translate_errors.inc();
      warn(self, r.format->name(), fmt::format("{}: cannot translate {}: {}", r.format->name(), what, e.what()));
    }
  }
}

/// What the translators derive from one bus message; false when the message is not one the bridge reads.
bool derive(bridge_pointer self, const bus::bus_message& msg, derived& out) {
  auto& st = self->state;
  const auto now = service::now_ms();
  if (auto device = st.links.topics.device_of(msg.topic, "readings")) {
    auto batch = wire::decode_batch(msg.payload);
    if (!batch) {
      st.counters.malformed.inc();
      warn(self, "malformed", "dropping a malformed batch on " + msg.topic + ": " + describe(batch.error()));
      return false;
    }
    st.counters.batches.inc();
    st.counters.readings.inc(batch->readings.size());
    each_translator(self, "a batch of " + batch->device, out,
                    [&](translator& t, auto& to) { t.on_batch(*batch, now, to); });
    return true;
  }
  if (auto device = st.links.topics.device_of(msg.topic, "state")) {
    st.counters.states.inc();
    each_translator(self, "the state of " + *device, out,
                    [&](translator& t, auto& to) { t.on_state(*device, msg.payload, now, to); });
    return true;
  }
  if (auto device = st.links.topics.device_of(msg.topic, "alerts")) {
    st.counters.alerts.inc();
    each_translator(self, "an alert of " + *device, out,
                    [&](translator& t, auto& to) { t.on_alert(*device, msg.payload, now, to); });
    return true;
  }
  return false;
}

void emit(bridge_pointer self, const bus::output_actor& output, std::vector<bus::out_message> messages) {
  if (messages.empty())
    return;
  self->request(output, caf::infinite, bus::emit_atom::value, std::move(messages))
    .then([self](std::uint64_t published) { self->state.counters.published.inc(published); });
}

/// An adapter's CommandResult (or the one made for its absence) on the command's result topic.
void answer(bridge_pointer self, const std::string& result) {
  auto& st = self->state;
  auto reply = st.links.commands->mirrors().on_command_result(result);
  if (!reply) {
    warn(self, "result", "cannot answer a command: " + describe(reply.error()));
    return;
  }
  std::vector<bus::out_message> out;
  mirror_format::append({std::move(*reply)}, out);
  emit(self, st.links.command_output, std::move(out));
}

/// A message on the command filter of the mirror's broker.
void command(bridge_pointer self, const bus::bus_message& msg) {
  auto& st = self->state;
  auto outcome = st.links.commands->mirrors().on_command(msg.topic, msg.payload);
  std::vector<bus::out_message> replies;
  mirror_format::append(std::move(outcome.replies), replies);
  emit(self, st.links.command_output, std::move(replies));
  if (!outcome.command) {
    if (outcome.refusal != mirror::mirror_errc::not_a_command_topic)
      st.counters.refused.inc();
    return;
  }
  st.counters.commands.inc();
  const auto& c = *outcome.command;
  const auto id = outcome.bus_id;
  const auto timeout = c.timeout_ms + 2000; // the adapter's own limit first, then ours
  self->request(*st.links.bus, std::chrono::milliseconds(timeout), bus::request_atom::value,
                st.links.topics.command(c.device), mirror::encode_command(c, id), timeout)
    .then([self](const std::string& result) { answer(self, result); },
          [self, id, device = c.device](const caf::error& err) {
            const bool late = err == bus::bus_errc::timeout || err == caf::sec::request_timeout;
            answer(self, failed_result(id, device, late, describe(err)));
          });
}

void take(bridge_pointer self, bus::bus_message& msg) {
  if (self->state.links.commands && !msg.durable && !self->state.links.topics.device_of(msg.topic, "readings") &&
      !self->state.links.topics.device_of(msg.topic, "state") &&
      !self->state.links.topics.device_of(msg.topic, "alerts")) {
    command(self, msg);
    return;
  }
  derived out;
  derive(self, msg, out);
  std::erase_if(out, [](const auto& group) { return group.second.empty(); });
  if (out.empty()) {
    ack(self, msg);
    return;
  }
  auto& st = self->state;
  st.counters.pending.set(static_cast<double>(++st.pending));
  auto left = std::make_shared<std::size_t>(out.size());
  for (auto& [output, messages] : out)
    self->request(output, caf::infinite, bus::emit_atom::value, std::move(messages))
      .then([self, msg, left](std::uint64_t published) {
        auto& s = self->state;
        s.counters.published.inc(published);
        if (--*left > 0)
          return;
        s.counters.pending.set(static_cast<double>(--s.pending));
        ack(self, msg);
        if (s.links.notify && s.links.topics.device_of(msg.topic, "readings"))
          self->send(s.links.notify, published_atom::value);
      });
}

caf::behavior bridge(bridge_pointer self, std::vector<route> routes, bridge_links links, bridge_counters counters) {
  auto& st = self->state;
  st.routes = std::move(routes);
  st.links = std::move(links);
  st.counters = counters;
  self->send(self, tick_atom::value);
  return {
    [self](bus::bus_message& msg) { take(self, msg); },
    [self](tick_atom) {
      const auto now = service::now_ms();
      for (const auto& r : self->state.routes)
        r.format->on_tick(now);
      self->delayed_send(self, std::chrono::seconds(1), tick_atom::value);
    },
  };
}

} // namespace

caf::actor spawn_bridge(caf::actor_system& sys, std::vector<route> routes, bridge_links links,
                        metrics::registry& m) {
  bridge_counters counters{
    m.make_counter("meterhub_bridge_batches_total", "Reading batches taken from the bus"),
    m.make_counter("meterhub_bridge_readings_total", "Readings in those batches"),
    m.make_counter("meterhub_bridge_states_total", "Device states taken from the bus"),
    m.make_counter("meterhub_bridge_alerts_total", "Alerts taken from the bus"),
    m.make_counter("meterhub_bridge_published_total", "Derived messages the output broker took"),
    m.make_counter("meterhub_bridge_malformed_total", "Bus messages that could not be decoded, dropped"),
    m.make_counter("meterhub_bridge_translate_errors_total", "Translator failures (bugs), logged"),
    m.make_counter("meterhub_bridge_commands_total", "Commands from plain MQTT sent to the bus"),
    m.make_counter("meterhub_bridge_commands_refused_total", "Commands from plain MQTT refused (policy, payload)"),
    m.make_gauge("meterhub_bridge_pending_records", "Bus records whose derived messages wait for the output broker"),
  };
  return sys.spawn(bridge, std::move(routes), std::move(links), counters);
}

} // namespace meterhub::bridge

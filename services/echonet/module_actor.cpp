#include "module_actor.hpp"

#include <fmt/format.h>

#include <caf/all.hpp>

#include "meterhub/service/command_router.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/device_state.hpp"
#include "module_state.hpp"

namespace meterhub::echonet_service {

namespace {

using tick_atom = caf::atom_constant<caf::atom("tick")>;
using namespace std::chrono_literals;

const char* model_name(skstack::module_model m) {
  return m == skstack::module_model::bp35a1 ? "BP35A1" : "BP35C2";
}

/// How the session's state shows in the device's health.
std::pair<v1::Health, std::string> health_of(skstack::session_state s) {
  using st = skstack::session_state;
  switch (s) {
    case st::joined:
      return {v1::HEALTH_ONLINE, ""};
    case st::reauthenticating:
      return {v1::HEALTH_DEGRADED, "the module is re-authenticating (PANA); requests wait"};
    case st::transmit_limited:
      return {v1::HEALTH_DEGRADED, "the radio's transmit-time limit is in force (ARIB STD-T108); requests wait"};
    case st::scanning:
      return {v1::HEALTH_OFFLINE, "scanning for the meter's PAN"};
    case st::joining:
    case st::resetting:
      return {v1::HEALTH_OFFLINE, "joining the meter's PAN"};
    case st::lost:
      return {v1::HEALTH_OFFLINE, "the session to the meter was lost; rejoining"};
    case st::idle:
      break;
  }
  return {v1::HEALTH_OFFLINE, "not connected"};
}

void on_session_state(module_pointer self, skstack::session_state s) {
  auto& st = self->state;
  const auto before = st.session;
  st.session = s;
  st.log->info("{}: session {} -> {}", st.device(), skstack::to_string(before), skstack::to_string(s));
  if (s == skstack::session_state::lost || s == skstack::session_state::scanning)
    session_lost(self);
  auto [health, reason] = health_of(s);
  if (s == skstack::session_state::joined && !st.identity)
    reason = "joined; reading the meter's scale";
  set_health(self, health, reason);
  publish_state(self);
}

void on_cache(module_pointer self, const std::optional<skstack::pan_cache>& pan) {
  auto& st = self->state;
  st.memory.pan = pan;
  if (auto err = save_memory(st.ctx.memory_file, st.memory))
    count_problem(self, "state_file_errors", err);
}

link_events events_for(module_pointer self) {
  link_events ev;
  ev.frame = [self](const echonet::frame& f) { self->state.inbox.push_back(f); };
  ev.state = [self](skstack::session_state s) { on_session_state(self, s); };
  ev.cache = [self](const std::optional<skstack::pan_cache>& pan) { on_cache(self, pan); };
  ev.problem = [self](const std::string& kind, const caf::error& err) { count_problem(self, kind, err); };
  return ev;
}

bool ensure_open(module_pointer self, std::int64_t now) {
  auto& st = self->state;
  if (st.link)
    return true;
  if (now < st.reopen_at_ms)
    return false;
  auto opened = module_link::open(st.ctx.cfg.link, st.ctx.cfg.session, st.memory.pan, events_for(self));
  if (!opened) {
    link_failed(self, opened.error());
    return false;
  }
  st.link = std::move(*opened);
  st.client = std::make_unique<meter_client>(*st.link, st.ctx.cfg);
  st.backoff = 0ms;
  st.log->info("{}: {} module on {} (MAC {:016X}){}", st.device(), model_name(st.link->model()), st.link->port(),
               st.link->info().mac, st.memory.pan ? ", rejoining the saved PAN" : ", scanning");
  if (auto err = st.link->start()) {
    link_failed(self, err);
    return false;
  }
  return true;
}

void tick(module_pointer self) {
  auto& st = self->state;
  const auto now = service::now_ms();
  if (!ensure_open(self, now)) {
    self->delayed_send(self, std::min<std::chrono::milliseconds>(1s, std::chrono::milliseconds{std::max<std::int64_t>(
                                                                        st.reopen_at_ms - now, 10)}),
                       tick_atom::value);
    return;
  }
  if (auto err = st.link->pump(200ms))
    link_failed(self, err);
  else if (st.link && st.session == skstack::session_state::joined && !st.window.full())
    meter_step(self);
  if (st.link)
    handle_inbox(self);
  self->send(self, tick_atom::value); // the pump waited: commands in the mailbox go first
}

caf::behavior module(module_pointer self, module_context ctx) {
  self->state.init(std::move(ctx));
  self->send(self->state.ctx.links.router, service::register_atom::value, self->state.device(), caf::actor{self});
  set_health(self, v1::HEALTH_OFFLINE, "opening the module");
  self->send(self, tick_atom::value);
  return {
    [self](tick_atom) { tick(self); },
    [self](const bus::bus_message& msg) { answer_command(self, msg); },
  };
}

} // namespace

void module_state::init(module_context c) {
  ctx = std::move(c);
  schedules.resize(ctx.cfg.poll.size());
  auto loaded = load_memory(ctx.memory_file);
  if (loaded)
    memory = *loaded;
  else
    log->warn("{}: starting without saved progress: {}", ctx.cfg.device, describe(loaded.error()));
  import_slots = slot_series{memory.last_import_slot_ms};
  export_slots = slot_series{memory.last_export_slot_ms};
  for (const auto* key : {"polls_ok", "polls_failed", "backfilled_slots"})
    counts[key] = 0;
}

std::optional<meter_now> module_state::meter_clock(std::int64_t host_now) const {
  if (!clock_offset_ms)
    return std::nullopt;
  return meter_now{host_now + *clock_offset_ms, echonet::japan_utc_offset};
}

void count_problem(module_pointer self, const std::string& kind, const caf::error& err) {
  auto& st = self->state;
  ++st.counts[kind];
  auto it = st.exported.find(kind);
  if (it == st.exported.end())
    it = st.exported
           .emplace(kind, st.ctx.links.metrics->make_counter("meterhub_echonet_errors_total",
                                                              "Route-B problems by device and kind",
                                                              {{"device", st.device()}, {"kind", kind}}))
           .first;
  it->second.inc();
  std::uint64_t held = 0;
  if (st.limiter.allow(kind, service::now_ms(), held))
    st.log->warn("{}: {}: {}{}", st.device(), kind, describe(err), logging::suppressed_note(held));
}

void set_health(module_pointer self, v1::Health health, std::string reason) {
  auto& st = self->state;
  if (st.health == health && st.reason == reason)
    return;
  if (health == v1::HEALTH_OFFLINE && !reason.empty())
    st.log->info("{}: {}", st.device(), reason);
  st.health = health;
  st.reason = std::move(reason);
  publish_state(self);
}

void publish_state(module_pointer self) {
  auto& st = self->state;
  std::string model = "ECHONET Lite low-voltage smart meter";
  std::string firmware;
  std::map<std::string, std::string> attributes{{"session", skstack::to_string(st.session)}};
  if (st.identity) {
    if (!st.identity->manufacturer.empty())
      model += ", maker " + st.identity->manufacturer;
    if (!st.identity->serial.empty())
      model += " #" + st.identity->serial;
    firmware = st.identity->version.empty() ? "" : "Appendix " + st.identity->version;
  }
  if (st.link) {
    attributes["module"] = model_name(st.link->model());
    attributes["module_mac"] = fmt::format("{:016X}", st.link->info().mac);
    if (auto lqi = st.link->lqi()) {
      attributes["lqi"] = std::to_string(*lqi);
      attributes["rssi_dbm"] = fmt::format("{:.1f}", 0.275 * *lqi - 104.27);
    }
    attributes["queued_requests"] = std::to_string(st.link->queued());
  }
  if (const auto& pan = st.memory.pan) {
    attributes["channel"] = std::to_string(pan->channel);
    attributes["pan_id"] = fmt::format("{:04X}", pan->pan_id);
    attributes["meter_mac"] = fmt::format("{:016X}", pan->mac);
  }
  if (st.clock_offset_ms)
    attributes["meter_clock_offset_s"] = std::to_string(*st.clock_offset_ms / 1000);
  wire::device_report r{st.device(), "echonet-lite", st.ctx.links.source, st.health, st.reason, model, firmware,
                        st.last_success_ms, {st.counts.begin(), st.counts.end()}, std::move(attributes)};
  self->send(st.ctx.links.bus, bus::retain_atom::value, st.ctx.links.topics.state(st.device()),
             wire::encode_device_state(r, service::now_ms()));
}

void publish_batch(module_pointer self, std::vector<reading> readings, std::function<void()> spooled) {
  auto& st = self->state;
  if (readings.empty())
    return spooled();
  auto seq = st.ctx.links.sequence->next();
  if (!seq) {
    st.log->error("{}: cannot number the batch: {}", st.device(), describe(seq.error()));
    return;
  }
  reading_batch batch{st.device(), st.ctx.links.source, *seq, service::now_ms(), std::move(readings)};
  st.window.publish(self, st.ctx.links.bus, st.ctx.links.topics.readings(st.device()), wire::encode_batch(batch),
                    [] {}, std::move(spooled));
}

void link_failed(module_pointer self, const caf::error& err) {
  auto& st = self->state;
  st.client.reset();
  st.link.reset();
  session_lost(self);
  st.session = skstack::session_state::idle;
  st.backoff = std::min(std::max(st.backoff * 2, std::chrono::milliseconds{1000}), st.ctx.cfg.max_backoff);
  const auto now = service::now_ms();
  st.reopen_at_ms = now + st.backoff.count();
  count_problem(self, "port_errors", err);
  set_health(self, v1::HEALTH_OFFLINE,
             fmt::format("module on {}: {}; reopening in {} s", st.ctx.cfg.link.port, describe(err),
                         (st.backoff.count() + 999) / 1000));
}

caf::actor spawn_module(caf::actor_system& sys, module_context ctx) {
  return sys.spawn<caf::detached>(module, std::move(ctx));
}

} // namespace meterhub::echonet_service

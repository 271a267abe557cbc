#include <caf/all.hpp>

#include "line_state.hpp"
#include "meterhub/neva/ident.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/device_state.hpp"
#include "poll.hpp"

namespace meterhub::iec61107_service {

namespace {

void learn_ident(meter_state& m, const iec61107::session& s) {
  if (!s.ident())
    return;
  const auto& id = *s.ident();
  m.model = "/" + id.maker + id.baud_char + id.ident;
  if (auto neva = neva::parse_neva_ident(id.ident)) {
    m.model = "NEVA MT" + neva->model;
    m.firmware = neva->firmware;
  }
}

/// Counts and logs (rate-limited) the registers a poll could not read; remembers those the model lacks.
void note_failures(line_pointer self, meter_state& m, const poll_result& r, std::int64_t now) {
  for (const auto& f : r.failures) {
    m.counters.register_errors.inc();
    if (f.refused)
      m.refused.insert(f.address);
    std::uint64_t held = 0;
    if (self->state.limiter.allow(m.cfg.id + f.address, now, held))
      self->state.log->warn("{}: register {}: {}{}", m.cfg.id, f.address, f.reason, logging::suppressed_note(held));
  }
}

} // namespace

void publish_batch(line_pointer self, const meter_state& m, std::vector<reading> readings, std::int64_t now) {
  auto& st = self->state;
  auto seq = st.ctx.links.sequence->next();
  if (!seq) {
    st.log->error("{}: cannot number the batch: {}", m.cfg.id, describe(seq.error()));
    return;
  }
  reading_batch batch{m.cfg.id, st.ctx.links.source, *seq, now, std::move(readings)};
  self->send(st.ctx.links.bus, bus::publish_atom::value, st.ctx.links.topics.readings(m.cfg.id), wire::encode_batch(batch));
}

void set_health(line_pointer self, meter_state& m, v1::Health health, std::string reason, std::int64_t now) {
  auto& st = self->state;
  if (m.health == health && m.reason == reason)
    return;
  if (health != v1::HEALTH_ONLINE)
    st.log->warn("{} ({}): {}", m.cfg.id, st.ctx.line.endpoint.text, reason);
  else if (m.health != v1::HEALTH_UNSPECIFIED)
    st.log->info("{}: answering again", m.cfg.id);
  m.health = health;
  m.reason = std::move(reason);
  publish_state(self, m, now);
}

void publish_state(line_pointer self, const meter_state& m, std::int64_t now) {
  auto& st = self->state;
  wire::device_report r{m.cfg.id, "iec61107", st.ctx.links.source, m.health, m.reason, m.model, m.firmware,
                        m.last_success_ms,
                        {{"polls_ok", m.counters.polls_ok.value()},
                         {"polls_failed", m.counters.polls_failed.value()},
                         {"register_errors", m.counters.register_errors.value()},
                         {"archive_passes_ok", m.counters.archives_ok.value()},
                         {"archive_passes_failed", m.counters.archives_failed.value()}}};
  self->send(st.ctx.links.bus, bus::retain_atom::value, st.ctx.links.topics.state(m.cfg.id), wire::encode_device_state(r, now));
}

void poll_meter(line_pointer self, std::size_t index, std::int64_t now) {
  auto& st = self->state;
  auto& m = st.meters[index];
  iec61107::session s{st.session_for(m), poll_requests(m.cfg.model.family, m.refused)};
  if (auto err = run_on_line(self, s, now)) {
    st.schedules[index].failed(service::now_ms(), m.cfg.interval, m.cfg.max_backoff);
    m.counters.polls_failed.inc();
    set_health(self, m, v1::HEALTH_OFFLINE, "line: " + describe(err), now);
    return;
  }
  learn_ident(m, s);
  if (s.failure()) {
    const auto backoff = st.schedules[index].failed(service::now_ms(), m.cfg.interval, m.cfg.max_backoff);
    m.counters.polls_failed.inc();
    set_health(self, m, v1::HEALTH_OFFLINE,
               describe(s.failure()) + "; next try in " + std::to_string(backoff.count() / 1000) + " s", now);
    return;
  }
  auto result = interpret_poll(s.outcomes(), m.cfg.model, m.cfg.utc_offset, now);
  note_failures(self, m, result, now);
  st.schedules[index].succeeded(service::now_ms(), m.cfg.interval);
  m.counters.polls_ok.inc();
  m.last_success_ms = now;
  const bool clean = result.meter_clock && std::none_of(result.failures.begin(), result.failures.end(),
                                                        [](const register_failure& f) { return !f.refused; });
  if (result.meter_clock)
    m.clock_offset_ms = result.time_ms - now;
  m.last_readings = result.readings;
  publish_batch(self, m, std::move(result.readings), now);
  set_health(self, m, clean ? v1::HEALTH_ONLINE : v1::HEALTH_DEGRADED,
             clean ? "" : "some registers could not be read (see the log)", now);
}

} // namespace meterhub::iec61107_service

#include <caf/all.hpp>

#include "line_state.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/modbus/error.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::modbus_service {

namespace {

bool line_broke(const caf::error& err) {
  return err == modbus::modbus_errc::io_error;
}

/// A device that does not answer is retried later for all its groups, doubling up to its max_backoff, so a dead
/// device on a shared bus costs its neighbours one timeout per backoff period.
std::chrono::milliseconds back_off(device_state& d, std::size_t failed_group) {
  const auto now = service::now_ms();
  const auto& groups = d.cfg.profile->groups;
  const auto backoff = d.schedules[failed_group].failed(now, d.cfg.interval_of(groups[failed_group]), d.cfg.max_backoff);
  for (std::size_t g = 0; g < d.schedules.size(); ++g)
    if (g != failed_group) {
      d.schedules[g].failures_in_row = d.schedules[failed_group].failures_in_row;
      d.schedules[g].next_due_ms = std::max(d.schedules[g].next_due_ms, d.schedules[failed_group].next_due_ms);
    }
  return backoff;
}

/// The device answers again: groups that were pushed back by its backoff are due at once.
void recovered(device_state& d, std::int64_t now) {
  for (auto& s : d.schedules)
    if (s.failures_in_row > 0) {
      s.failures_in_row = 0;
      s.next_due_ms = now;
    }
}

void note_failures(line_pointer self, device_state& d, const group_result& r, std::int64_t now) {
  for (const auto& f : r.failures) {
    count_error(self, d, f.why);
    std::uint64_t held = 0;
    if (self->state.limiter.allow(d.cfg.id + "/" + f.what, now, held))
      self->state.log->warn("{}: {}: {}{}", d.cfg.id, f.what, describe(f.why), logging::suppressed_note(held));
  }
}

void device_failed(line_pointer self, device_state& d, std::size_t group, const caf::error& err, std::int64_t now) {
  ++d.counts["polls_failed"];
  if (d.offline_since_ms == 0)
    d.offline_since_ms = d.last_success_ms > 0 ? d.last_success_ms : now;
  const auto backoff = back_off(d, group);
  set_health(self, d, v1::HEALTH_OFFLINE,
             describe(err) + "; next try in " + std::to_string((backoff.count() + 999) / 1000) + " s", now);
}

/// After an outage, what the device kept meanwhile (Mercury's power profile and archives), published before the
/// fresh values. A failed backfill is logged and retried after the next outage only: the live values go on.
void backfill_outage(line_pointer self, device_state& d, std::int64_t now) {
  const auto from = std::max(d.offline_since_ms, now - std::chrono::milliseconds{d.cfg.backfill_limit}.count());
  d.offline_since_ms = 0;
  if (!d.cfg.backfill)
    return;
  auto kept = d.driver->backfill(*self->state.link, from, now, now);
  if (!kept) {
    count_error(self, d, kept.error());
    self->state.log->warn("{}: could not backfill the outage since {}: {}", d.cfg.id, format_iso8601(from),
                          describe(kept.error()));
    return;
  }
  self->state.log->info("{}: backfilled {} reading(s) of the outage since {}", d.cfg.id, kept->size(),
                        format_iso8601(from));
  publish_batch(self, d, std::move(*kept), now);
}

} // namespace

void poll_group(line_pointer self, const due_poll& due, std::int64_t now) {
  auto& st = self->state;
  auto& d = st.devices[due.device];
  const auto& group = d.cfg.profile->groups[due.group];
  auto result = d.driver->poll(*st.link, group, now);
  if (!result) {
    count_error(self, d, result.error());
    if (line_broke(result.error()))
      return line_failed(self, describe(result.error()), now);
    return device_failed(self, d, due.group, result.error(), now);
  }
  note_failures(self, d, *result, now);
  recovered(d, now);
  d.schedules[due.group].succeeded(service::now_ms(), d.cfg.interval_of(group));
  ++d.counts["polls_ok"];
  d.last_success_ms = now;
  if (d.offline_since_ms != 0)
    backfill_outage(self, d, now);
  publish_batch(self, d, std::move(result->readings), now);
  const bool clean = result->failures.empty();
  set_health(self, d, clean ? v1::HEALTH_ONLINE : v1::HEALTH_DEGRADED,
             clean ? "" : "some values could not be read (see the log)", now);
}

} // namespace meterhub::modbus_service

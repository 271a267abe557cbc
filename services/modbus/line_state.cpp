#include "line_state.hpp"

#include <utility>

#include <caf/all.hpp>

#include "meterhub/modbus/error.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/device_state.hpp"

namespace meterhub::modbus_service {

namespace {

/// The counter name an error is counted under: "timeouts", "bad_frames", "line_errors", "exception_2", ...
std::string kind_of(const caf::error& err) {
  if (err.category() != caf::atom("modbus"))
    return "other_errors";
  const auto code = static_cast<modbus::modbus_errc>(err.code());
  if (modbus::is_exception(code) || code == modbus::modbus_errc::unknown_exception)
    return "exception_" + std::to_string(static_cast<int>(err.code()));
  switch (code) {
    case modbus::modbus_errc::timeout:
      return "timeouts";
    case modbus::modbus_errc::bad_frame:
      return "bad_frames";
    case modbus::modbus_errc::io_error:
      return "line_errors";
    case modbus::modbus_errc::bad_value:
      return "bad_values";
    default:
      return "other_errors";
  }
}

} // namespace

void line_state::init(line_context c) {
  ctx = std::move(c);
  line_errors = ctx.links.metrics->make_counter("meterhub_modbus_line_errors_total",
                                                "Line failures: cannot open, broke mid-transaction",
                                                {{"line", line_name()}});
  for (const auto& cfg : ctx.line.devices) {
    device_state d;
    d.cfg = cfg;
    d.driver = make_driver(cfg);
    d.schedules.resize(cfg.profile->groups.size());
    for (const auto* key : {"polls_ok", "polls_failed"})
      d.counts[key] = 0;
    devices.push_back(std::move(d));
  }
}

std::string line_state::line_name() const {
  auto name = ctx.line.link.port_text();
  if (ctx.line.connections > 1)
    name += "#" + std::to_string(ctx.connection);
  return name;
}

std::optional<due_poll> next_due(const line_state& st, std::int64_t now) {
  std::optional<due_poll> best;
  std::int64_t best_ms = 0;
  for (std::size_t d = 0; d < st.devices.size(); ++d)
    for (std::size_t g = 0; g < st.devices[d].schedules.size(); ++g) {
      const auto due = st.devices[d].schedules[g].next_due_ms;
      if (due <= now && (!best || due < best_ms)) {
        best = due_poll{d, g};
        best_ms = due;
      }
    }
  return best;
}

std::chrono::milliseconds until_next_due(const line_state& st, std::int64_t now) {
  std::int64_t earliest = now + 60'000;
  for (const auto& d : st.devices)
    for (const auto& s : d.schedules)
      earliest = std::min(earliest, s.next_due_ms);
  return std::chrono::milliseconds{std::max<std::int64_t>(0, earliest - now)};
}

void line_failed(line_pointer self, const std::string& why, std::int64_t now) {
  auto& st = self->state;
  st.link.reset();
  st.line_errors.inc();
  st.line_backoff = std::min(std::max(st.line_backoff * 2, std::chrono::milliseconds{500}), st.ctx.line.max_backoff);
  st.reopen_at_ms = now + st.line_backoff.count();
  std::uint64_t held = 0;
  if (st.limiter.allow("line", now, held))
    st.log->warn("line {}: {}; reopening in {} ms{}", st.line_name(), why, st.line_backoff.count(),
                 logging::suppressed_note(held));
}

void count_error(line_pointer self, device_state& d, const caf::error& err) {
  const auto kind = kind_of(err);
  ++d.counts[kind];
  auto it = d.exported.find(kind);
  if (it == d.exported.end())
    it = d.exported
           .emplace(kind, self->state.ctx.links.metrics->make_counter(
                            "meterhub_modbus_device_errors_total", "Failed transactions by device and kind",
                            {{"device", d.cfg.id}, {"kind", kind}}))
           .first;
  it->second.inc();
}

void set_health(line_pointer self, device_state& d, v1::Health health, std::string reason, std::int64_t now) {
  auto& st = self->state;
  if (d.health == health && d.reason == reason)
    return;
  if (health != v1::HEALTH_ONLINE)
    st.log->warn("{} ({}): {}", d.cfg.id, st.line_name(), reason);
  else if (d.health != v1::HEALTH_UNSPECIFIED)
    st.log->info("{}: answering again", d.cfg.id);
  d.health = health;
  d.reason = std::move(reason);
  publish_state(self, d, now);
}

void publish_state(line_pointer self, const device_state& d, std::int64_t now) {
  auto& st = self->state;
  const auto id = d.driver->identity();
  auto model = id.model.empty() ? d.cfg.profile->model : id.model;
  if (!id.serial.empty())
    model += " #" + id.serial;
  wire::device_report r{d.cfg.id, d.cfg.mercury() ? "mercury23x" : "modbus", st.ctx.links.source, d.health,
                        d.reason, model, id.firmware, d.last_success_ms,
                        {d.counts.begin(), d.counts.end()}};
  self->send(st.ctx.links.bus, bus::retain_atom::value, st.ctx.links.topics.state(d.cfg.id),
             wire::encode_device_state(r, now));
}

void publish_batch(line_pointer self, const device_state& d, std::vector<reading> readings, std::int64_t now) {
  auto& st = self->state;
  if (readings.empty())
    return;
  auto seq = st.ctx.links.sequence->next();
  if (!seq) {
    st.log->error("{}: cannot number the batch: {}", d.cfg.id, describe(seq.error()));
    return;
  }
  reading_batch batch{d.cfg.id, st.ctx.links.source, *seq, now, std::move(readings)};
  st.window.publish(self, st.ctx.links.bus, st.ctx.links.topics.readings(d.cfg.id), wire::encode_batch(batch),
                    [self] {
                      if (std::exchange(self->state.held, false))
                        tick(self);
                    });
}

} // namespace meterhub::modbus_service

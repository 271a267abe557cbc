#include "line_actor.hpp"

#include <caf/all.hpp>

#include "line_state.hpp"
#include "meterhub/service/command_router.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::iec61107_service {

namespace {

using tick_atom = caf::atom_constant<caf::atom("tick")>;
constexpr auto idle_tick = std::chrono::milliseconds(1000);
constexpr auto accept_wait = std::chrono::milliseconds(200);

/// Every meter of the line is offline for the same reason: the line is not open.
void line_down(line_pointer self, const std::string& why, std::int64_t now) {
  for (auto& m : self->state.meters)
    set_health(self, m, v1::HEALTH_OFFLINE, "line: " + why, now);
}

/// A converter that dials in again replaces its previous connection: modems redial after a drop and leave the old
/// connection half-open, and a line serves one converter (several converters need a port each).
void take_redial(line_pointer self) {
  auto& st = self->state;
  if (st.ctx.line.endpoint.what != line_endpoint::kind::tcp_server || !st.listener)
    return;
  auto next = st.listener->accept(std::chrono::milliseconds(0));
  if (!next || !*next)
    return;
  st.log->info("line {}: a converter dialled in ({}); it replaces {}", st.ctx.line.endpoint.text,
               (*next)->describe(), st.stream->describe());
  st.stream = std::move(*next);
}

/// Opens the line when it is closed and its retry time has come; true when it is open.
bool ensure_open(line_pointer self, std::int64_t now) {
  auto& st = self->state;
  if (st.stream) {
    take_redial(self);
    return true;
  }
  if (now < st.reopen_at_ms)
    return false;
  auto stream = st.open_stream(accept_wait);
  if (!stream) {
    line_failed(self, describe(stream.error()), now);
    line_down(self, describe(stream.error()), now);
    return false;
  }
  if (!*stream) { // server mode: no converter has dialled in yet
    line_down(self, "waiting for a converter to dial in on " + st.ctx.line.endpoint.text, now);
    return false;
  }
  st.stream = std::move(*stream);
  st.line_backoff = std::chrono::milliseconds{0};
  st.log->info("line {} open ({})", st.ctx.line.endpoint.text, st.stream->describe());
  return true;
}

void tick(line_pointer self) {
  auto& st = self->state;
  const auto now = service::now_ms();
  if (ensure_open(self, now)) {
    if (auto due = service::next_due(st.schedules, now)) {
      poll_meter(self, *due, now);
      if (archives_due(st, *due, service::now_ms()))
        read_archives(self, *due, service::now_ms());
    }
  }
  auto wait = std::min(service::until_next_due(st.schedules, service::now_ms()), idle_tick);
  if (!st.stream)
    wait = std::min(wait, std::chrono::milliseconds(st.ctx.line.endpoint.what == line_endpoint::kind::tcp_server
                                                      ? 50
                                                      : 500));
  self->delayed_send(self, wait, tick_atom::value);
}

caf::behavior line(line_pointer self, line_context ctx) {
  self->state.init(std::move(ctx));
  for (const auto& m : self->state.meters) {
    self->send(self->state.ctx.links.router, service::register_atom::value, m.cfg.id, caf::actor{self});
    publish_state(self, m, service::now_ms());
  }
  self->send(self, tick_atom::value);
  return {
    [self](tick_atom) { tick(self); },
    [self](const bus::bus_message& msg) { answer_command(self, msg); },
  };
}

} // namespace

caf::actor spawn_line(caf::actor_system& sys, line_context ctx) {
  return sys.spawn<caf::detached>(line, std::move(ctx));
}

} // namespace meterhub::iec61107_service

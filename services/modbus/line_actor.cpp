#include "line_actor.hpp"

#include <caf/all.hpp>

#include "meterhub/service/command_router.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::modbus_service {

namespace {

using tick_atom = caf::atom_constant<caf::atom("tick")>;
constexpr auto idle_tick = std::chrono::milliseconds(1000);

/// Every device of the line is offline for the same reason: the line is not open.
void line_down(line_pointer self, const std::string& why, std::int64_t now) {
  for (auto& d : self->state.devices)
    set_health(self, d, v1::HEALTH_OFFLINE, "line: " + why, now);
}

bool ensure_open(line_pointer self, std::int64_t now) {
  auto& st = self->state;
  if (st.link)
    return true;
  if (now < st.reopen_at_ms)
    return false;
  auto opened = modbus_link::link::open(st.ctx.line.link);
  if (!opened) {
    line_failed(self, describe(opened.error()), now);
    line_down(self, describe(opened.error()), now);
    return false;
  }
  st.link = std::move(*opened);
  st.line_backoff = std::chrono::milliseconds{0};
  st.log->info("line {} open", st.line_name());
  return true;
}

} // namespace

void tick(line_pointer self) {
  auto& st = self->state;
  if (st.window.full()) {
    st.held = true; // the bus's answer resumes the loop
    return;
  }
  const auto now = service::now_ms();
  if (ensure_open(self, now))
    if (auto due = next_due(st, now))
      poll_group(self, *due, now);
  auto wait = std::min(until_next_due(st, service::now_ms()), idle_tick);
  if (!st.link)
    wait = std::min(wait, std::chrono::milliseconds{std::max<std::int64_t>(st.reopen_at_ms - service::now_ms(), 10)});
  if (wait.count() <= 0)
    self->send(self, tick_atom::value); // more is due now: go on after any command that waits in the mailbox
  else
    self->delayed_send(self, wait, tick_atom::value);
}

namespace {

caf::behavior line(line_pointer self, line_context ctx) {
  self->state.init(std::move(ctx));
  for (const auto& d : self->state.devices) {
    self->send(self->state.ctx.links.router, service::register_atom::value, d.cfg.id, caf::actor{self});
    publish_state(self, d, service::now_ms());
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

std::vector<line_context> split_connections(const line_settings& line, const service::adapter_links& links) {
  const std::size_t n = std::max<std::size_t>(1, std::min<std::size_t>(line.connections, line.devices.size()));
  std::vector<line_context> out(n, line_context{line, links, 0});
  for (std::size_t i = 0; i < n; ++i) {
    out[i].connection = i;
    out[i].line.devices.clear();
  }
  for (std::size_t i = 0; i < line.devices.size(); ++i)
    out[i % n].line.devices.push_back(line.devices[i]);
  return out;
}

} // namespace meterhub::modbus_service

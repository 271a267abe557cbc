#include <algorithm>
#include <cstdio>
#include <set>

#include <caf/all.hpp>

#include "line_state.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/iec61107/error.hpp"
#include "meterhub/neva/address.hpp"
#include "meterhub/neva/registers.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/service/command_reply.hpp"
#include "meterhub/v1/command.pb.h"
#include "meterhub/wire/convert.hpp"

// Commands from the bus (meterhub/v1/cmd/{device}): each runs its own session between polls.
namespace meterhub::iec61107_service {

namespace {

using iec61107::request;

meter_state* meter_named(line_pointer self, const std::string& device) {
  for (auto& m : self->state.meters)
    if (m.cfg.id == device)
      return &m;
  return nullptr;
}

/// "YYMMDD" and "hhmmss" of the meter's wall clock at `unix_ms`.
std::pair<std::string, std::string> wall_clock_fields(std::int64_t unix_ms, std::chrono::minutes offset) {
  const auto [c, ms_of_day] = civil_from_unix_ms(unix_ms + std::chrono::milliseconds(offset).count());
  const auto second_of_day = static_cast<unsigned>(ms_of_day / 1000);
  char date[16], time[16];
  std::snprintf(date, sizeof date, "%02d%02u%02u", c.year % 100, c.month, c.day);
  std::snprintf(time, sizeof time, "%02u%02u%02u", second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
  return {date, time};
}

/// The requests a command asks for; an error when the command cannot be carried out by this adapter.
caf::expected<std::vector<request>> requests_of(const v1::Command& cmd, const meter_state& m) {
  auto address = [&]() -> caf::expected<std::string> {
    auto reg = neva::parse_address(cmd.address());
    if (!reg)
      return std::move(reg.error());
    return neva::to_wire(*reg);
  };
  switch (cmd.kind()) {
    case v1::COMMAND_KIND_READ: {
      auto reg = address();
      if (!reg)
        return std::move(reg.error());
      return std::vector<request>{request::read(*reg)};
    }
    case v1::COMMAND_KIND_WRITE: {
      auto reg = address();
      if (!reg)
        return std::move(reg.error());
      return std::vector<request>{request::write(*reg, cmd.value())};
    }
    case v1::COMMAND_KIND_SET_CLOCK: {
      const auto t = cmd.time_unix_ms() != 0 ? cmd.time_unix_ms() : service::now_ms();
      auto [date, time] = wall_clock_fields(t, m.cfg.utc_offset);
      return std::vector<request>{request::write("000902FF", date), request::write("000901FF", time)};
    }
    default:
      return make_error(iec61107::iec61107_errc::bad_configuration,
                        "this adapter carries out READ, WRITE, SET_CLOCK, READ_ARCHIVE and POLL");
  }
}

/// Fills the result from a finished command session.
void report(const iec61107::session& s, const meter_state& m, std::int64_t now, v1::CommandResult& result) {
  if (s.failure()) {
    result.set_status(status_of(s.failure()));
    result.set_message(describe(s.failure()));
    return;
  }
  result.set_status(v1::COMMAND_STATUS_OK);
  std::string answers;
  for (const auto& o : s.outcomes()) {
    if (!o.reply) {
      result.set_status(status_of(o.reply.error()));
      answers += o.request.address + ": " + describe(o.reply.error()) + "; ";
      continue;
    }
    answers += o.request.address + (o.request.what == request::kind::write ? ": acknowledged; "
                                                                           : "(" + o.reply->value + "); ");
    if (auto reg = neva::parse_address(o.request.address); reg && o.request.what == request::kind::read)
      if (auto readings = neva::to_readings(*reg, o.reply->value, now, m.cfg.model))
        for (const auto& r : *readings)
          wire::to_proto(r, *result.add_readings());
  }
  result.set_message(answers.substr(0, answers.size() >= 2 ? answers.size() - 2 : 0));
}

void poll_for(line_pointer self, meter_state& m, const v1::Command& cmd, v1::CommandResult& result) {
  auto& st = self->state;
  const auto index = static_cast<std::size_t>(&m - st.meters.data());
  const auto before = m.counters.polls_ok.value();
  poll_meter(self, index, service::now_ms());
  if (m.counters.polls_ok.value() == before) {
    result.set_status(v1::COMMAND_STATUS_UNREACHABLE);
    result.set_message(m.reason);
    return;
  }
  std::set<std::string> wanted{cmd.quantities().begin(), cmd.quantities().end()};
  for (const auto& r : m.last_readings)
    if (wanted.empty() || wanted.count(r.quantity))
      wire::to_proto(r, *result.add_readings());
  result.set_status(v1::COMMAND_STATUS_OK);
  result.set_message("polled now; the readings were published as well");
}

void carry_out(line_pointer self, meter_state& m, const v1::Command& cmd, v1::CommandResult& result) {
  if (cmd.kind() == v1::COMMAND_KIND_POLL || (cmd.kind() == v1::COMMAND_KIND_READ && cmd.address().empty()))
    return poll_for(self, m, cmd, result);
  auto requests = cmd.kind() == v1::COMMAND_KIND_READ_ARCHIVE ? std::vector<request>{} : requests_of(cmd, m);
  if (!requests) {
    result.set_status(v1::COMMAND_STATUS_REJECTED);
    result.set_message(describe(requests.error()));
    return;
  }
  if (!self->state.stream) {
    result.set_status(v1::COMMAND_STATUS_UNREACHABLE);
    result.set_message("line " + self->state.ctx.line.endpoint.text + " is not open");
    return;
  }
  if (cmd.kind() == v1::COMMAND_KIND_READ_ARCHIVE)
    return read_archive_day(self, m, cmd, result);
  const auto now = service::now_ms();
  iec61107::session s{self->state.session_for(m), std::move(*requests)};
  if (auto err = run_on_line(self, s, now)) {
    result.set_status(v1::COMMAND_STATUS_UNREACHABLE);
    result.set_message(describe(err));
    return;
  }
  report(s, m, now, result);
}

} // namespace

v1::CommandStatus status_of(const caf::error& err) {
  if (err == iec61107::iec61107_errc::no_answer)
    return v1::COMMAND_STATUS_TIMEOUT;
  if (err.category() == caf::atom("transport"))
    return v1::COMMAND_STATUS_UNREACHABLE;
  return v1::COMMAND_STATUS_DEVICE_ERROR;
}

void answer_command(line_pointer self, const bus::bus_message& msg) {
  service::answer_command(self->state.ctx.links.bus, msg, "meter",
                          [self](const std::string& device, const v1::Command& cmd, v1::CommandResult& result) {
                            auto* m = meter_named(self, device);
                            if (m)
                              carry_out(self, *m, cmd, result);
                            return m != nullptr;
                          });
}

} // namespace meterhub::iec61107_service

#include <charconv>
#include <set>

#include <caf/all.hpp>

#include "line_state.hpp"
#include "meterhub/modbus/error.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/service/command_reply.hpp"
#include "meterhub/v1/command.pb.h"
#include "meterhub/wire/convert.hpp"

// Commands from the bus (meterhub/v1/cmd/{device}), carried out between polls on the same line.
namespace meterhub::modbus_service {

namespace {

constexpr std::int64_t day_ms = 86'400'000;

device_state* device_named(line_pointer self, const std::string& id) {
  for (auto& d : self->state.devices)
    if (d.cfg.id == id)
      return &d;
  return nullptr;
}

v1::CommandStatus status_of(const caf::error& err) {
  if (err == modbus::modbus_errc::timeout)
    return v1::COMMAND_STATUS_TIMEOUT;
  if (err == modbus::modbus_errc::io_error)
    return v1::COMMAND_STATUS_UNREACHABLE;
  if (err == modbus::modbus_errc::bad_profile || err == modbus::modbus_errc::out_of_range)
    return v1::COMMAND_STATUS_REJECTED;
  return v1::COMMAND_STATUS_DEVICE_ERROR;
}

void add_readings(const std::vector<reading>& readings, const std::set<std::string>& wanted,
                  v1::CommandResult& result) {
  for (const auto& r : readings)
    if (wanted.empty() || wanted.count(r.quantity))
      wire::to_proto(r, *result.add_readings());
}

/// POLL, or READ without an address: every group now, published as usual and returned.
void poll_now(line_pointer self, device_state& d, const v1::Command& cmd, v1::CommandResult& result) {
  const auto now = service::now_ms();
  std::vector<reading> all;
  for (const auto& group : d.cfg.profile->groups) {
    auto r = d.driver->poll(*self->state.link, group, now);
    if (!r) {
      count_error(self, d, r.error());
      result.set_status(status_of(r.error()));
      result.set_message(group.name + ": " + describe(r.error()));
      return;
    }
    all.insert(all.end(), r->readings.begin(), r->readings.end());
  }
  add_readings(all, {cmd.quantities().begin(), cmd.quantities().end()}, result);
  publish_batch(self, d, std::move(all), now);
  result.set_status(v1::COMMAND_STATUS_OK);
  result.set_message("polled now; the readings were published as well");
}

/// READ_ARCHIVE: what the device kept from `time_unix_ms` to args["until"] (default one day later).
void read_archive(line_pointer self, device_state& d, const v1::Command& cmd, v1::CommandResult& result) {
  const auto now = service::now_ms();
  const auto from = cmd.time_unix_ms() != 0 ? cmd.time_unix_ms() : now - day_ms;
  auto until = from + day_ms;
  if (auto it = cmd.args().find("until"); it != cmd.args().end()) {
    const auto& text = it->second;
    if (std::from_chars(text.data(), text.data() + text.size(), until).ec != std::errc{} || until <= from) {
      result.set_status(v1::COMMAND_STATUS_REJECTED);
      result.set_message("args.until: expected milliseconds since the epoch after time_unix_ms");
      return;
    }
  }
  auto kept = d.driver->backfill(*self->state.link, from, std::min(until, now), now);
  if (!kept) {
    result.set_status(status_of(kept.error()));
    result.set_message(describe(kept.error()));
    return;
  }
  add_readings(*kept, {}, result);
  result.set_message(std::to_string(kept->size()) + " reading(s); published as backfilled readings as well");
  publish_batch(self, d, std::move(*kept), now);
  result.set_status(v1::COMMAND_STATUS_OK);
}

void carry_out(line_pointer self, device_state& d, const v1::Command& cmd, v1::CommandResult& result) {
  auto& st = self->state;
  if (!st.link) {
    result.set_status(v1::COMMAND_STATUS_UNREACHABLE);
    result.set_message("line " + st.line_name() + " is not open");
    return;
  }
  const auto now = service::now_ms();
  caf::error err;
  switch (cmd.kind()) {
    case v1::COMMAND_KIND_POLL:
      return poll_now(self, d, cmd, result);
    case v1::COMMAND_KIND_READ: {
      if (cmd.address().empty())
        return poll_now(self, d, cmd, result);
      auto values = d.driver->read_value(*st.link, cmd.address(), now);
      if (!values) {
        err = values.error();
        break;
      }
      add_readings(*values, {}, result);
      result.set_message(cmd.address() + " read");
      break;
    }
    case v1::COMMAND_KIND_WRITE:
      err = d.driver->write_value(*st.link, cmd.address(), cmd.value());
      result.set_message(cmd.address() + " = " + cmd.value() + " written");
      break;
    case v1::COMMAND_KIND_SET_CLOCK:
      err = d.driver->set_clock(*st.link, cmd.time_unix_ms() != 0 ? cmd.time_unix_ms() : now);
      result.set_message("clock set");
      break;
    case v1::COMMAND_KIND_READ_ARCHIVE:
      return read_archive(self, d, cmd, result);
    default:
      err = make_error(modbus::modbus_errc::bad_profile,
                       "this adapter carries out READ, WRITE, SET_CLOCK, READ_ARCHIVE and POLL");
  }
  if (err) {
    count_error(self, d, err);
    result.set_status(status_of(err));
    result.set_message(describe(err));
    return;
  }
  result.set_status(v1::COMMAND_STATUS_OK);
}

} // namespace

void answer_command(line_pointer self, const bus::bus_message& msg) {
  service::answer_command(self->state.ctx.links.bus, msg, "device",
                          [self](const std::string& device, const v1::Command& cmd, v1::CommandResult& result) {
                            auto* d = device_named(self, device);
                            if (d)
                              carry_out(self, *d, cmd, result);
                            return d != nullptr;
                          });
}

} // namespace meterhub::modbus_service

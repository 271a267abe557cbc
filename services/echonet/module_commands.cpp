#include <charconv>
#include <set>

#include <fmt/format.h>

#include <caf/all.hpp>

#include "error.hpp"
#include "meterhub/echonet/readings.hpp"
#include "meterhub/service/command_reply.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/convert.hpp"
#include "module_state.hpp"

// Commands from the bus (meterhub/v1/cmd/{device}), carried out between polls on the module's session.
namespace meterhub::echonet_service {

namespace {

v1::CommandStatus status_of(const caf::error& err) {
  if (err == routeb_errc::no_answer)
    return v1::COMMAND_STATUS_TIMEOUT;
  if (err == routeb_errc::not_joined || err.category() == caf::atom("transport"))
    return v1::COMMAND_STATUS_UNREACHABLE;
  return v1::COMMAND_STATUS_DEVICE_ERROR;
}

void failed(v1::CommandResult& result, const caf::error& err) {
  result.set_status(status_of(err));
  result.set_message(describe(err));
}

void rejected(v1::CommandResult& result, std::string why) {
  result.set_status(v1::COMMAND_STATUS_REJECTED);
  result.set_message(std::move(why));
}

/// "E7,E8" or "E7 E8" → EPCs.
std::optional<std::vector<std::uint8_t>> epcs_of(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find_first_of(", ", start);
    if (end == std::string_view::npos)
      end = text.size();
    if (end > start) {
      auto epc = parse_epc(text.substr(start, end - start));
      if (!epc)
        return std::nullopt;
      out.push_back(*epc);
    }
    start = end + 1;
  }
  if (out.empty())
    return std::nullopt;
  return out;
}

std::optional<std::vector<std::uint8_t>> hex_bytes(std::string_view text) {
  if (text.size() % 2 != 0 || text.empty())
    return std::nullopt;
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    unsigned v = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 2, v, 16);
    if (ec != std::errc{} || end != text.data() + i + 2)
      return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

std::string hex_of(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (auto b : bytes)
    out += fmt::format("{:02X}", b);
  return out;
}

void add_readings(const std::vector<reading>& readings, const v1::Command& cmd, v1::CommandResult& result) {
  const std::set<std::string> wanted(cmd.quantities().begin(), cmd.quantities().end());
  for (const auto& r : readings)
    if (wanted.empty() || wanted.count(r.quantity))
      wire::to_proto(r, *result.add_readings());
}

/// READ with an address: a Get of those EPCs, answered with each EDT in hex and the readings they make (not
/// published: the schedule publishes). READ without one, and POLL: every group now, published as usual.
void read(module_pointer self, const v1::Command& cmd, v1::CommandResult& result) {
  auto& st = self->state;
  if (cmd.address().empty() || cmd.kind() == v1::COMMAND_KIND_POLL) {
    std::vector<reading> all;
    for (std::size_t g = 0; g < st.ctx.cfg.poll.size(); ++g) {
      auto r = poll_group(self, g);
      if (!r)
        return failed(result, r.error());
      all.insert(all.end(), r->begin(), r->end());
    }
    add_readings(all, cmd, result);
    result.set_status(v1::COMMAND_STATUS_OK);
    result.set_message("polled now; the readings were published as well");
    return;
  }
  auto epcs = epcs_of(cmd.address());
  if (!epcs)
    return rejected(result, "address: expected EPCs in hex such as \"E7,E8\", got \"" + cmd.address() + "\"");
  const auto scale = st.identity->scale;
  auto props = st.client->get(*epcs);
  if (!props)
    return failed(result, props.error());
  std::vector<std::string> parts;
  std::vector<reading> readings;
  for (const auto& p : *props) {
    parts.push_back(fmt::format("{:02X}={}", p.epc, p.edt.empty() ? "refused" : hex_of(p.edt)));
    if (auto r = echonet::readings_of(p, scale, service::now_ms()))
      readings.insert(readings.end(), r->begin(), r->end());
  }
  add_readings(readings, cmd, result);
  result.set_status(v1::COMMAND_STATUS_OK);
  result.set_message(fmt::format("{}", fmt::join(parts, " ")));
}

/// WRITE: SetC of `address` (one EPC) with `value` as the EDT in hex; E5 = 01 sets the history-1 day.
void write(module_pointer self, const v1::Command& cmd, v1::CommandResult& result) {
  auto epc = parse_epc(cmd.address());
  if (!epc)
    return rejected(result, "address: expected one EPC in hex such as E5, got \"" + cmd.address() + "\"");
  auto edt = hex_bytes(cmd.value());
  if (!edt)
    return rejected(result, "value: expected the EDT in hex such as 01, got \"" + cmd.value() + "\"");
  if (auto err = self->state.client->set({*epc, *edt}))
    return failed(result, err);
  result.set_status(v1::COMMAND_STATUS_OK);
  result.set_message(fmt::format("set {:02X} to {}", *epc, cmd.value()));
}

/// READ_ARCHIVE: history 1 (E2/E4) of the meter-local day of `time_unix_ms` (args.days_back instead, 0…99),
/// answered and published as backfilled readings (storage keeps each slot once).
void read_archive(module_pointer self, const v1::Command& cmd, v1::CommandResult& result) {
  auto& st = self->state;
  auto clock = st.meter_clock(service::now_ms());
  if (!clock)
    return failed(result, make_error(routeb_errc::not_joined, "the meter's clock is not known yet"));
  std::int64_t days_back = 0;
  if (auto it = cmd.args().find("days_back"); it != cmd.args().end()) {
    const auto& text = it->second;
    if (std::from_chars(text.data(), text.data() + text.size(), days_back).ec != std::errc{} || days_back < 0 ||
        days_back > 99)
      return rejected(result, "args.days_back: expected 0 (today) to 99");
  } else if (cmd.time_unix_ms() != 0) {
    const auto offset = std::chrono::milliseconds{clock->utc_offset}.count();
    days_back = (clock->unix_ms + offset) / day_ms - (cmd.time_unix_ms() + offset) / day_ms;
    if (days_back < 0 || days_back > 99)
      return rejected(result, "time_unix_ms: the meter keeps today and the 99 days before it");
  }
  history_read r;
  r.what = history_read::kind::day;
  r.days_back = static_cast<std::uint8_t>(days_back);
  r.day = civil_from_days((clock->unix_ms + std::chrono::milliseconds{clock->utc_offset}.count()) / day_ms -
                          days_back);
  const auto id = *st.identity;
  auto readings = st.client->history(r, id);
  if (!readings)
    return failed(result, readings.error());
  std::erase_if(*readings, [&](const reading& x) { return x.time_ms > clock->unix_ms; });
  add_readings(*readings, cmd, result);
  result.set_status(v1::COMMAND_STATUS_OK);
  result.set_message(fmt::format("{} value(s) of the day {} back; published as well", readings->size(), days_back));
  publish_batch(self, std::move(*readings));
}

} // namespace

void answer_command(module_pointer self, const bus::bus_message& msg) {
  service::answer_command(
    self->state.ctx.links.bus, msg, "Route-B meter",
    [self](const std::string& device, const v1::Command& cmd, v1::CommandResult& result) {
      auto& st = self->state;
      if (device != st.device())
        return false;
      if (!st.link || !st.identity) {
        result.set_status(v1::COMMAND_STATUS_UNREACHABLE);
        result.set_message(std::string{"the session to the meter is "} + skstack::to_string(st.session));
        return true;
      }
      switch (cmd.kind()) {
        case v1::COMMAND_KIND_READ:
        case v1::COMMAND_KIND_POLL:
          read(self, cmd, result);
          break;
        case v1::COMMAND_KIND_WRITE:
          write(self, cmd, result);
          break;
        case v1::COMMAND_KIND_READ_ARCHIVE:
          read_archive(self, cmd, result);
          break;
        default:
          rejected(result, "a Route-B meter takes READ (address: EPCs), POLL, WRITE (address: EPC, value: EDT hex) "
                           "and READ_ARCHIVE");
      }
      return true;
    });
}

} // namespace meterhub::echonet_service

#include "poll.hpp"

#include <optional>

#include "meterhub/iec61107/error.hpp"
#include "meterhub/neva/address.hpp"
#include "meterhub/neva/clock.hpp"
#include "meterhub/neva/registers.hpp"

namespace meterhub::iec61107_service {

namespace {

using iec61107::request_outcome;

const request_outcome* find(const std::vector<request_outcome>& outcomes, std::string_view address) {
  for (const auto& o : outcomes)
    if (o.request.address == address)
      return &o;
  return nullptr;
}

/// The meter's clock as an instant, when both registers answered and decode.
std::optional<std::int64_t> meter_clock_ms(const std::vector<request_outcome>& outcomes, std::chrono::minutes offset) {
  const auto* date = find(outcomes, date_register);
  const auto* time = find(outcomes, time_register);
  if (!date || !time || !date->reply || !time->reply)
    return std::nullopt;
  auto d = neva::decode_date(date->reply->value);
  auto t = neva::decode_time(time->reply->value);
  if (!d || !t)
    return std::nullopt;
  return neva::wall_clock_ms(*d, *t) - std::chrono::duration_cast<std::chrono::milliseconds>(offset).count();
}

register_failure failure_of(const std::string& address, const caf::error& err) {
  return {address, describe(err), err == iec61107::iec61107_errc::register_error};
}

reading drift_reading(std::int64_t meter_ms, std::int64_t host_ms) {
  reading r;
  r.quantity = "x:clock_drift";
  r.value = static_cast<double>(meter_ms - host_ms) / 1000.0;
  r.unit = unit::second;
  r.time_ms = meter_ms;
  return r;
}

} // namespace

std::vector<iec61107::request> poll_requests(neva::model_family family, const std::set<std::string>& refused) {
  std::vector<iec61107::request> out{iec61107::request::read(date_register), iec61107::request::read(time_register)};
  for (const auto& reg : neva::instantaneous_registers(family)) {
    auto wire = neva::to_wire(reg);
    if (!refused.count(wire))
      out.push_back(iec61107::request::read(std::move(wire)));
  }
  return out;
}

poll_result interpret_poll(const std::vector<request_outcome>& outcomes, const neva::model_options& model,
                           std::chrono::minutes utc_offset, std::int64_t host_ms) {
  poll_result out;
  const auto clock = meter_clock_ms(outcomes, utc_offset);
  out.meter_clock = clock.has_value();
  out.time_ms = clock.value_or(host_ms);
  if (clock)
    out.readings.push_back(drift_reading(*clock, host_ms));
  for (const auto& o : outcomes) {
    if (!o.reply) {
      out.failures.push_back(failure_of(o.request.address, o.reply.error()));
      continue;
    }
    auto reg = neva::parse_address(o.request.address);
    auto readings = reg ? neva::to_readings(*reg, o.reply->value, out.time_ms, model)
                        : caf::expected<std::vector<reading>>{std::move(reg.error())};
    if (!readings) {
      out.failures.push_back(failure_of(o.request.address, readings.error()));
      continue;
    }
    for (auto& r : *readings) {
      if (!clock)
        r.set(flag::suspicious);
      out.readings.push_back(std::move(r));
    }
  }
  return out;
}

} // namespace meterhub::iec61107_service

#include "sim_setup.hpp"

#include <charconv>

#include <fmt/format.h>

#include "meterhub/iec61107/identification.hpp"
#include "register_table.hpp"
#include "sim_error.hpp"

namespace meterhub::iec61107sim {

namespace {

caf::error bad(std::string what) {
  return make_error(sim_errc::bad_configuration, what);
}

caf::expected<std::vector<meter_settings>> meters_of(const setup_options& o) {
  std::vector<meter_settings> out;
  for (const auto& text : o.meters.empty() ? std::vector<std::string>{"00000001"} : o.meters) {
    auto m = parse_meter_option(text);
    if (!m)
      return m.error();
    for (const auto& other : out)
      if (same_meter_address(other.network_address, m->network_address))
        return bad("--meter " + text + ": address used twice");
    m->seed = mix(o.seed, static_cast<std::int64_t>(out.size()), 5);
    m->installed_day = o.installed_day;
    out.push_back(std::move(*m));
  }
  return out;
}

caf::expected<std::vector<register_override>> overrides_of(const setup_options& o) {
  auto out = parse_values(o.values_text);
  if (!out)
    return bad("--values: " + reason_of(out.error()));
  for (const auto& item : o.overrides) {
    auto one = parse_override(item);
    if (!one)
      return bad("-o " + item + ": " + reason_of(one.error()));
    out->push_back(std::move(*one));
  }
  return out;
}

} // namespace

caf::expected<meter_settings> parse_meter_option(std::string_view text) {
  const auto colon = text.find(':');
  const auto address = text.substr(0, colon);
  unsigned number = 0;
  const auto [end, ec] = std::from_chars(address.data(), address.data() + address.size(), number);
  if (ec != std::errc{} || end != address.data() + address.size() || address.size() > 8 || number == 0)
    return bad("--meter " + std::string{text} + ": the address is 1 to 8 digits, not 0");
  meter_settings out;
  out.network_address = fmt::format("{:08}", number);
  if (colon != std::string_view::npos) {
    out.password = std::string{text.substr(colon + 1)};
    if (!find_register(password_register)->valid(out.password))
      return bad("--meter " + std::string{text} + ": the password is 8 printable characters");
  }
  return out;
}

caf::expected<meter_model> build_model(const setup_options& o) {
  if (!iec61107::parse_identification("/" + o.ident))
    return bad("--ident " + o.ident + ": not an identification like TPC5NEVAMT324.2303");
  auto settings = meters_of(o);
  if (!settings)
    return settings.error();
  auto overrides = overrides_of(o);
  if (!overrides)
    return overrides.error();
  std::vector<simulated_meter> meters;
  for (const auto& s : *settings) {
    auto meter = simulated_meter::make(s, *overrides);
    if (!meter)
      return bad("meter " + s.network_address + ": " + reason_of(meter.error()));
    meters.push_back(std::move(*meter));
  }
  return meter_model{model_settings{o.ident, o.optical, o.session_timeout}, std::move(meters)};
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::int64_t n = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  const std::string_view unit{p, static_cast<std::size_t>(text.data() + text.size() - p)};
  if (ec != std::errc{} || n < 0)
    return std::nullopt;
  if (unit == "ms")
    return std::chrono::milliseconds{n};
  if (unit == "s" || unit.empty())
    return std::chrono::seconds{n};
  if (unit == "m")
    return std::chrono::minutes{n};
  return std::nullopt;
}

} // namespace meterhub::iec61107sim

#include "simulated_meter.hpp"

#include <charconv>

#include "register_table.hpp"
#include "sim_error.hpp"

namespace meterhub::iec61107sim {

namespace {

/// Every stored register at its factory value.
std::map<register_address, std::string> factory_values() {
  std::map<register_address, std::string> out;
  for (const auto& spec : mt324_registers()) {
    if (spec.kind != register_kind::stored)
      continue;
    for (unsigned n = spec.lo; n <= spec.hi; ++n) {
      const register_address a = spec.varying_shift < 0 ? spec.base : spec.base | n << spec.varying_shift;
      out[a] = spec.initial(n);
    }
  }
  return out;
}

/// Counters at installation: a meter that already counted for a while (multiples of 10 Wh, like every register).
energy_counters initial_counters(std::uint64_t seed) {
  energy_counters c{};
  c[1] = static_cast<std::int64_t>(mix(seed, 0, 80) % 100'000) * 10;
  c[2] = static_cast<std::int64_t>(mix(seed, 0, 81) % 50'000) * 10;
  c[0] = c[1] + c[2];
  return c;
}

/// Puts one override in place; an error names the register and the reason.
caf::error apply_override(register_address a, const std::string& value, std::map<register_address, std::string>& stored,
                          std::map<register_address, std::string>& fixed) {
  const auto* spec = find_register(a);
  if (!spec || spec->kind != register_kind::stored) {
    fixed[a] = value;
    return {};
  }
  if (!spec->valid(value))
    return make_error(sim_errc::bad_configuration, "'" + value + "' does not fit register " + dotted_address(a));
  stored[a] = value;
  return {};
}

} // namespace

tariff_calendar calendar_of(const std::map<register_address, std::string>& stored) {
  const auto text = [&](register_address a, std::string fallback) {
    const auto it = stored.find(a);
    return it == stored.end() ? fallback : it->second;
  };
  tariff_calendar out;
  for (unsigned n = 1; n <= schedule_count; ++n)
    out.schedules[n - 1] = parse_schedule(text(0x0A0064FF | n << 16, default_schedule_text(n))).value_or(
      std::vector<schedule_entry>{});
  out.seasons = parse_seasons(text(0x0D0000FF, default_seasons_text())).value_or(std::vector<season_entry>{});
  out.special_days =
    parse_special_days(text(0x0B0000FF, default_special_days_text())).value_or(std::vector<special_day>{});
  return out;
}

caf::expected<simulated_meter> simulated_meter::make(const meter_settings& settings,
                                                     const std::vector<register_override>& overrides) {
  auto stored = factory_values();
  std::map<register_address, std::string> fixed;
  for (const auto& [a, value] : {std::pair{network_address_register, settings.network_address},
                                 std::pair{password_register, settings.password}})
    if (auto err = apply_override(a, value, stored, fixed))
      return err;
  for (const auto& o : overrides) {
    if (!o.meter.empty() && !same_meter_address(o.meter, settings.network_address))
      continue;
    for (std::uint64_t a = o.range.first; a <= o.range.last; ++a) // 64 bits: a range may end at FFFFFFFF
      if (auto err = apply_override(static_cast<register_address>(a), o.value, stored, fixed))
        return err;
  }
  energy_history history{settings.seed, settings.installed_day, initial_counters(settings.seed), calendar_of(stored)};
  return simulated_meter{settings.seed, std::move(stored), std::move(fixed), std::move(history)};
}

simulated_meter::simulated_meter(std::uint64_t seed, std::map<register_address, std::string> stored,
                                 std::map<register_address, std::string> fixed, energy_history history)
  : seed_(seed), stored_(std::move(stored)), fixed_(std::move(fixed)), history_(std::move(history)) {
}

caf::expected<std::string> simulated_meter::read(register_address address, local_seconds host_now) const {
  if (const auto it = fixed_.find(address); it != fixed_.end())
    return it->second;
  const auto* spec = find_register(address);
  if (!spec)
    return make_error(sim_errc::unknown_register, dotted_address(address));
  if (spec->kind == register_kind::stored) {
    if (!spec->readable)
      return make_error(sim_errc::access_denied, dotted_address(address) + " is write-only");
    return stored_.at(address);
  }
  return spec->read(meter_view{history_, seed_, clock(host_now)}, varying_of(*spec, address));
}

caf::error simulated_meter::write(register_address address, std::string_view value, local_seconds host_now) {
  const auto* spec = find_register(address);
  if (!spec) {
    const auto it = fixed_.find(address);
    if (it == fixed_.end())
      return make_error(sim_errc::unknown_register, dotted_address(address));
    it->second = std::string{value}; // a register the user invented with -o: it takes what it is given
    return {};
  }
  if ((configuration_word() & 1) == 0)
    return make_error(sim_errc::access_denied, "remote programming is off (bit 0 of 15.00.04*FF)");
  const local_seconds now = clock(host_now);
  switch (spec->kind) {
    case register_kind::computed:
      return make_error(sim_errc::access_denied, dotted_address(address) + " is read-only");
    case register_kind::clock: {
      const auto set = address == 0x000901FF ? with_time_register(now, value) : with_date_register(now, value);
      if (!set)
        return make_error(sim_errc::bad_value, "'" + std::string{value} + "' for " + dotted_address(address));
      clock_offset_ += *set - now;
      return {};
    }
    case register_kind::stored:
      break;
  }
  if (!spec->valid(value))
    return make_error(sim_errc::bad_value, "'" + std::string{value} + "' for " + dotted_address(address));
  stored_[address] = std::string{value};
  if (is_tariff_table(address))
    history_.change_tariffs(now, calendar());
  return {};
}

std::string simulated_meter::network_address() const {
  return stored_.at(network_address_register);
}

std::string simulated_meter::password() const {
  return stored_.at(password_register);
}

tariff_calendar simulated_meter::calendar() const {
  return calendar_of(stored_);
}

unsigned simulated_meter::configuration_word() const {
  const auto& text = stored_.at(configuration_register);
  unsigned word = 0;
  std::from_chars(text.data(), text.data() + text.size(), word, 16); // validated: 4 hex digits
  return word;
}

bool simulated_meter::reads_without_password() const {
  return (configuration_word() & 2) != 0;
}

} // namespace meterhub::iec61107sim

#include "device_template.hpp"

#include <algorithm>

#include "random.hpp"

namespace meterhub::modbus_sim {

namespace {

bool is_counter(source s) {
  return s == source::energy || s == source::energy_absolute || s == source::edge_count || s == source::run_time;
}

/// The scale factor that keeps a quantity's usual values inside an s16 or u16 with useful resolution (SunSpec
/// inverters use the same choices): energies in whole Wh, powers in whole W, U 0.1 V, I, f and PF in hundredths.
int preferred_scale_factor(const std::optional<quantity_ref>& q) {
  if (!q)
    return -1;
  switch (q->source) {
    case source::energy:
    case source::energy_absolute:
    case source::energy_net:
    case source::power:
    case source::apparent:
    case source::peak_power:
      return 0;
    case source::current:
    case source::neutral_current:
    case source::frequency:
    case source::power_factor:
      return -2;
    default:
      return -1;
  }
}

bool contains(const std::string& name, std::string_view part) {
  return name.find(part) != std::string::npos;
}

/// A serial number of the device's own, with as many digits as the register holds.
std::uint64_t serial_for(const modbus::value_spec& spec, std::uint8_t unit, std::uint64_t seed) {
  const auto s = derive_seed(seed, 0x73657269616c00ull + unit);
  const bool narrow = modbus::register_count(spec) == 1 && spec.type != modbus::value_type::string;
  return narrow ? 1000 + s % 9000 : 10'000'000 + s % 90'000'000;
}

} // namespace

device_template::device_template(std::shared_ptr<const profiles::profile> p)
  : profile_(std::move(p)), layout_(*profile_), sources_(profile_->registers.size()) {
  for (std::size_t i = 0; i < sources_.size(); ++i)
    resolve(i);
  choose_scale_factors();
}

void device_template::resolve(std::size_t index) {
  const auto& def = profile_->registers[index];
  auto& src = sources_[index];
  if (def.quantity.empty())
    return;
  src.quantity = resolve_quantity(def.quantity);
  if (!def.negative_quantity.empty())
    src.negative = resolve_quantity(def.negative_quantity);
  if (!src.quantity && !def.writable) // a writable one is a setting: it holds its fixed value until written
    unknown_.push_back(def.name + " (" + def.quantity + ")");
  if (!def.negative_quantity.empty() && !src.negative)
    unknown_.push_back(def.name + " (" + def.negative_quantity + ")");
  src.counter = src.quantity && is_counter(src.quantity->source);
}

void device_template::choose_scale_factors() {
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    const auto& def = profile_->registers[i];
    if (!def.scale_register_index)
      continue;
    auto& sf = sources_[*def.scale_register_index].scale_factor;
    // A factor shared by several registers must suit the coarsest of them.
    sf = std::max(sf.value_or(-10), preferred_scale_factor(sources_[i].quantity));
  }
  for (std::size_t i = 0; i < sources_.size(); ++i)
    if (const auto& j = profile_->registers[i].scale_register_index)
      sources_[i].exponent = sources_[*j].scale_factor.value_or(0);
}

modbus::raw_value device_template::fixed_value(std::size_t index, std::uint8_t unit, std::uint64_t seed) const {
  const auto& def = profile_->registers[index];
  for (const auto& rule : profile_->identify)
    if (rule.register_index == index && !rule.any_of.empty())
      return rule.equals.empty() ? rule.any_of.front() : rule.equals;
  if (const auto& sf = sources_[index].scale_factor)
    return std::int64_t{*sf};
  const auto& name = def.name;
  if (contains(name, "serial")) {
    const auto serial = serial_for(def.spec, unit, seed);
    if (def.spec.type == modbus::value_type::string)
      return std::to_string(serial);
    return serial;
  }
  if (contains(name, "address") || contains(name, "unit_id") || contains(name, "slave"))
    return std::uint64_t{unit};
  if (contains(name, "firmware") || contains(name, "version"))
    return def.spec.type == modbus::value_type::string ? modbus::raw_value{std::string{"1.01"}}
                                                       : modbus::raw_value{std::uint64_t{101}};
  if (def.spec.type == modbus::value_type::string)
    return profile_->model.empty() ? profile_->id : profile_->model;
  return modbus::unapply(def.min.value_or(0.0), def.scaling, sources_[index].exponent);
}

} // namespace meterhub::modbus_sim

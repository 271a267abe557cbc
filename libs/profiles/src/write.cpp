// Named writes → function, address and encoded registers.
#include "meterhub/profiles/write.hpp"

#include <cmath>

#include "meterhub/modbus/error.hpp"
#include "text.hpp"

namespace meterhub::profiles {

namespace {

using modbus::modbus_errc;
using modbus::value_type;

/// The raw value for an integer register: `raw` must be a whole number of steps (a float error of a few ulps
/// from unscaling 230.5 V by 0.1 is not a fraction).
caf::expected<modbus::raw_value> integer_value(const register_def& def, double raw) {
  double whole = std::round(raw);
  if (std::abs(raw - whole) > 1e-6 * std::max(1.0, std::abs(raw)))
    return make_error(modbus_errc::out_of_range, def.name + ": not a whole number of the register's steps (raw "
                                                   + detail::number_text(raw) + ")");
  if (std::abs(whole) >= 9.2e18)
    return make_error(modbus_errc::out_of_range, def.name + ": " + detail::number_text(raw) + " does not fit");
  const bool is_signed = def.spec.type == value_type::s16 || def.spec.type == value_type::s32
                         || def.spec.type == value_type::s64;
  if (is_signed)
    return modbus::raw_value{static_cast<std::int64_t>(whole)};
  if (whole < 0)
    return make_error(modbus_errc::out_of_range, def.name + ": a negative value for an unsigned register");
  return modbus::raw_value{static_cast<std::uint64_t>(whole)};
}

caf::expected<write_request> register_write(const profile& p, const register_def& def, double value,
                                            int scale_exponent) {
  double raw = modbus::unapply(value, def.scaling, scale_exponent);
  caf::expected<modbus::raw_value> typed = def.spec.type == value_type::f32 || def.spec.type == value_type::f64
                                             ? caf::expected<modbus::raw_value>{modbus::raw_value{raw}}
                                             : integer_value(def, raw);
  if (!typed)
    return typed.error();
  auto regs = modbus::encode(*typed, def.spec);
  if (!regs)
    return make_error(modbus_errc::out_of_range, def.name + ": " + detail::error_detail(regs.error()));
  write_request out;
  out.table = def.table;
  out.address = def.address;
  out.function = regs->size() == 1 && p.single_writes ? 0x06 : 0x10;
  out.registers = std::move(*regs);
  return out;
}

caf::expected<write_request> coil_write(const profile& p, const register_def& def, double value) {
  if (value != 0.0 && value != 1.0)
    return make_error(modbus_errc::out_of_range, def.name + ": a coil takes 0 or 1, not " + detail::number_text(value));
  write_request out;
  out.table = def.table;
  out.address = def.address;
  out.function = p.single_writes ? 0x05 : 0x0F;
  out.coil = value == 1.0;
  return out;
}

} // namespace

caf::expected<write_request> encode_write(const profile& p, std::string_view name, double value, int scale_exponent) {
  const auto* def = p.find(name);
  if (def == nullptr)
    return make_error(modbus_errc::bad_profile, p.id + ": no register named \"" + std::string{name} + "\"");
  if (!def->writable || def->table == modbus::table::input || def->table == modbus::table::discrete_input
      || def->spec.type == value_type::bits || def->spec.type == value_type::string)
    return make_error(modbus_errc::bad_profile, p.id + ": " + def->name + " is not writable");
  if (!std::isfinite(value))
    return make_error(modbus_errc::out_of_range, def->name + ": not a finite number");
  if ((def->min && value < *def->min) || (def->max && value > *def->max))
    return make_error(modbus_errc::out_of_range, def->name + ": " + detail::number_text(value) + " is outside "
                                                   + (def->min ? detail::number_text(*def->min) : "")
                                                   + ".." + (def->max ? detail::number_text(*def->max) : ""));
  if (def->table == modbus::table::coil)
    return coil_write(p, *def, value);
  return register_write(p, *def, value, scale_exponent);
}

} // namespace meterhub::profiles

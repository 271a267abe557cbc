// What a register means (quantity, unit, scale, counter wrap) and whether it may be written.
#include <cmath>

#include "loader.hpp"
#include "meterhub/profiles/vocabulary.hpp"

namespace meterhub::profiles::detail {

namespace {

using modbus::value_type;

std::string unit_phrase(meterhub::unit u) {
  return u == meterhub::unit::none ? "without a unit" : "in " + std::string{to_string(u)};
}

/// An OBIS quantity must carry the unit its code implies (1-0:1.8.0 in Wh, not kWh, not W).
void check_unit(const config::reader& r, const std::string& quantity, meterhub::unit u) {
  auto code = quantity.starts_with("x:") ? std::nullopt : obis_code::parse(quantity);
  auto expected = code ? expected_unit(*code) : std::nullopt;
  if (expected && *expected != u)
    r.fail("unit", quantity + " is published " + unit_phrase(*expected) + ", not " + unit_phrase(u));
}

std::string read_quantity(const config::reader& r, std::string_view key) {
  auto text = r.get<std::string>(key, "");
  if (text.empty())
    return {};
  if (auto q = canonical_quantity(text))
    return *q;
  r.fail(key, in_quotes(text) + " is neither an OBIS code (A-B:C.D.E) nor x:name ([a-z0-9_.]+)");
  return {};
}

void read_unit(const config::reader& r, register_def& def) {
  auto text = r.get<std::string>("unit", "");
  if (auto u = profile_unit(text)) {
    def.unit = *u;
  } else {
    std::string hint = text.size() > 1 && text[0] == 'k' && profile_unit(text.substr(1))
                         ? "; a kilo unit is published in its base unit: scale: 1000, unit: " + text.substr(1)
                         : "";
    r.fail("unit", "unknown unit " + in_quotes(text) + " (known: Wh, varh, VAh, W, var, VA, V, A, Hz, °, degree, °C, "
                     "m3, GJ, s" + hint + ")");
    return;
  }
  for (const auto* q : {&def.quantity, &def.negative_quantity})
    if (!q->empty())
      check_unit(r, *q, def.unit);
}

/// The modulus of an integer counter of this type, nullopt for types that do not count.
std::optional<double> counter_range(const modbus::value_spec& spec) {
  switch (spec.type) {
    case value_type::f32:
    case value_type::f64:
    case value_type::string:
    case value_type::boolean:
      return std::nullopt;
    case value_type::bcd16:
      return 1e4;
    case value_type::bcd32:
      return 1e8;
    case value_type::bits:
      return std::ldexp(1.0, static_cast<int>(spec.bit_count));
    default:
      return std::ldexp(1.0, 16 * static_cast<int>(modbus::register_count(spec)));
  }
}

void read_wrap(const config::reader& r, register_def& def) {
  auto text = r.get<std::string>("wrap", "");
  if (text.empty() || text == "false" || text == "no")
    return;
  auto range = counter_range(def.spec);
  if (!range) {
    r.fail("wrap", "only integer counters wrap, not " + std::string{to_string(def.spec.type)});
    return;
  }
  if (text == "true" || text == "yes") {
    def.wrap = *range;
    return;
  }
  auto v = parse_number(text);
  if (!v || *v < 2 || *v > *range || std::floor(*v) != *v)
    r.fail("wrap", "expected true (the type's whole range, " + number_text(*range) + ") or a whole number from 2 "
                     "to " + number_text(*range) + ", got " + in_quotes(text));
  else
    def.wrap = *v;
}

} // namespace

void read_meaning(const config::reader& r, register_def& def, register_source& src) {
  def.description = r.get<std::string>("description", "");
  def.scaling.scale = r.get<double>("scale", 1.0);
  if (def.scaling.scale == 0.0 || !std::isfinite(def.scaling.scale))
    r.fail("scale", "expected a finite number other than 0");
  def.scaling.offset = r.get<double>("offset", 0.0);
  src.scale_name = r.get<std::string>("scale_register", "");
  def.quantity = read_quantity(r, "quantity");
  def.negative_quantity = read_quantity(r, "negative_quantity");
  if (!def.negative_quantity.empty() && def.quantity.empty())
    r.fail("negative_quantity", "needs a quantity for the positive values");
  read_unit(r, def);
  read_wrap(r, def);
}

namespace {

std::string read_only_reason(const register_def& def) {
  if (def.table == modbus::table::input)
    return "input registers are read-only (holding registers and coils can be written)";
  if (def.table == modbus::table::discrete_input)
    return "discrete inputs are read-only (holding registers and coils can be written)";
  if (def.spec.type == value_type::bits)
    return "a bit field cannot be written alone: the write would overwrite the register's other bits";
  if (def.spec.type == value_type::string)
    return "strings are not written through profiles";
  return {};
}

} // namespace

void read_write_rules(const config::reader& r, register_def& def) {
  def.writable = r.get<bool>("writable", false);
  if (r.has("min"))
    def.min = r.get<double>("min", 0.0);
  if (r.has("max"))
    def.max = r.get<double>("max", 0.0);
  if (!def.writable) {
    if (def.min || def.max)
      r.fail(def.min ? "min" : "max", "only for writable registers");
    return;
  }
  if (auto reason = read_only_reason(def); !reason.empty())
    r.fail("writable", reason);
  if (def.min && def.max && *def.min > *def.max)
    r.fail("min", number_text(*def.min) + " is above max " + number_text(*def.max));
}


} // namespace meterhub::profiles::detail

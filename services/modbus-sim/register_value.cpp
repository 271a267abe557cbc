#include "register_value.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "meterhub/profiles/readings.hpp"

namespace meterhub::modbus_sim {

namespace {

using modbus::value_type;

/// The smallest and largest raw value of an integer type.
std::pair<double, double> range_of(const modbus::value_spec& spec) {
  switch (spec.type) {
    case value_type::u16:
      return {0, 65535};
    case value_type::s16:
      return {-32768, 32767};
    case value_type::u32:
      return {0, 4294967295.0};
    case value_type::s32:
      return {-2147483648.0, 2147483647.0};
    case value_type::u64:
      return {0, 18446744073709549568.0}; // the largest double below 2^64
    case value_type::s64:
      return {-9223372036854775808.0, 9223372036854774784.0};
    case value_type::bcd16:
      return {0, 9999};
    case value_type::bcd32:
      return {0, 99999999};
    case value_type::bits:
      return {0, std::ldexp(1.0, static_cast<int>(spec.bit_count)) - 1};
    case value_type::boolean:
      return {0, 1};
    case value_type::f32:
      return {-std::numeric_limits<float>::max(), std::numeric_limits<float>::max()};
    default:
      return {-std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  }
}

bool is_signed(value_type t) {
  return t == value_type::s16 || t == value_type::s32 || t == value_type::s64;
}

modbus::raw_value fit_number(double v, const modbus::value_spec& spec) {
  if (!std::isfinite(v))
    v = 0;
  const auto [low, high] = range_of(spec);
  v = std::clamp(v, low, high);
  if (spec.type == value_type::f32 || spec.type == value_type::f64)
    return v;
  v = std::round(v);
  if (is_signed(spec.type))
    return static_cast<std::int64_t>(v);
  return static_cast<std::uint64_t>(v);
}

std::string fit_text(std::string text, const modbus::value_spec& spec) {
  text.resize(std::min<std::size_t>(text.size(), 2 * spec.length));
  for (auto& c : text)
    if (c < 0x20 || c > 0x7E)
      c = '?';
  return text;
}

} // namespace

modbus::raw_value fit(const modbus::raw_value& raw, const modbus::value_spec& spec) {
  if (spec.type == value_type::string) {
    if (const auto* text = std::get_if<std::string>(&raw))
      return fit_text(*text, spec);
    return fit_text(profiles::to_text(raw), spec);
  }
  if (const auto* text = std::get_if<std::string>(&raw)) {
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    return fit_number(end == text->c_str() ? 0 : v, spec);
  }
  return fit_number(*modbus::to_number(raw), spec);
}

modbus::raw_value raw_for(const profiles::register_def& def, double value, int exponent, bool counter) {
  double raw = modbus::unapply(value, def.scaling, exponent);
  const bool integer = def.spec.type != value_type::f32 && def.spec.type != value_type::f64
                       && def.spec.type != value_type::string;
  if (integer && (counter || def.wrap)) // a counter shows the whole counts it has reached
    raw = std::floor(raw);
  if (integer && (def.wrap || (counter && !is_signed(def.spec.type)))) {
    const double modulus = def.wrap ? *def.wrap : range_of(def.spec).second + 1;
    raw = std::fmod(raw, modulus);
    if (raw < 0)
      raw += modulus;
  }
  return fit(raw, def.spec);
}

std::vector<std::uint16_t> words_for(const profiles::register_def& def, const modbus::raw_value& raw) {
  auto words = modbus::encode(fit(raw, def.spec), def.spec);
  if (!words) // fit keeps every value encodable; zeros rather than a crash if a type ever is not
    return std::vector<std::uint16_t>(modbus::register_count(def.spec), 0);
  return std::move(*words);
}

std::optional<double> published_value(const profiles::register_def& def, std::span<const std::uint16_t> words,
                                      int exponent) {
  auto raw = modbus::decode(words, def.spec);
  if (!raw)
    return std::nullopt;
  auto number = modbus::to_number(*raw);
  if (!number)
    return std::nullopt;
  return modbus::apply(*number, def.scaling, exponent);
}

} // namespace meterhub::modbus_sim

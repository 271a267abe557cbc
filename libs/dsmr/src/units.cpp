#include "units.hpp"

namespace meterhub::dsmr::detail {

namespace {

/// ASCII case-insensitive comparison (no locale: this runs for every value of every telegram).
bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] | 0x20) : a[i];
    const char y = (b[i] >= 'A' && b[i] <= 'Z') ? static_cast<char>(b[i] | 0x20) : b[i];
    if (x != y)
      return false;
  }
  return true;
}

} // namespace

std::optional<si_unit> parse_unit(std::string_view text) noexcept {
  struct entry {
    std::string_view wire;
    si_unit si;
  };
  static constexpr entry table[] = {
    {"kWh", {unit::wh, 3}},     {"Wh", {unit::wh, 0}},      {"kW", {unit::w, 3}},      {"W", {unit::w, 0}},
    {"kvarh", {unit::varh, 3}}, {"varh", {unit::varh, 0}},  {"kvar", {unit::var, 3}},  {"var", {unit::var, 0}},
    {"kVAh", {unit::vah, 3}},   {"VAh", {unit::vah, 0}},    {"kVA", {unit::va, 3}},    {"VA", {unit::va, 0}},
    {"V", {unit::v, 0}},        {"A", {unit::a, 0}},        {"Hz", {unit::hz, 0}},     {"m3", {unit::m3, 0}},
    {"GJ", {unit::gj, 0}},      {"s", {unit::second, 0}},   {"MWh", {unit::wh, 6}},    {"kA", {unit::a, 3}},
  };
  for (const auto& e : table)
    if (iequals(e.wire, text))
      return e.si;
  return std::nullopt;
}

} // namespace meterhub::dsmr::detail

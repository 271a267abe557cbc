#include "meterhub/profiles/vocabulary.hpp"

#include <algorithm>
#include <initializer_list>

namespace meterhub::profiles {

namespace {

bool is_x_name(std::string_view name) noexcept {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

bool in(std::uint8_t c, std::initializer_list<std::uint8_t> set) noexcept {
  return std::find(set.begin(), set.end(), c) != set.end();
}

/// Power-like codes: the unit of the instantaneous or demand value (D = 4..7) and of the energy (D = 8, 9).
std::optional<std::pair<meterhub::unit, meterhub::unit>> power_family(std::uint8_t c) noexcept {
  using u = meterhub::unit;
  if (in(c, {1, 2, 15, 16, 21, 22, 41, 42, 61, 62}))
    return std::make_pair(u::w, u::wh);
  if (in(c, {3, 4, 23, 24, 43, 44, 63, 64}))
    return std::make_pair(u::var, u::varh);
  if (in(c, {9, 10, 29, 30, 49, 50, 69, 70}))
    return std::make_pair(u::va, u::vah);
  return std::nullopt;
}

std::optional<meterhub::unit> instantaneous_unit(std::uint8_t c) noexcept {
  using u = meterhub::unit;
  if (in(c, {12, 32, 52, 72}))
    return u::v;
  if (in(c, {11, 31, 51, 71, 91}))
    return u::a;
  if (in(c, {13, 33, 53, 73}))
    return u::none;
  if (c == 14)
    return u::hz;
  if (c == 81)
    return u::degree;
  return std::nullopt;
}

} // namespace

std::optional<std::string> canonical_quantity(std::string_view text) {
  if (text.size() > 2 && text.substr(0, 2) == "x:")
    return is_x_name(text.substr(2)) ? std::optional<std::string>{std::string{text}} : std::nullopt;
  if (auto code = obis_code::parse(text))
    return code->to_string();
  return std::nullopt;
}

std::optional<meterhub::unit> expected_unit(const obis_code& code) noexcept {
  if (code.a() != 1)
    return std::nullopt;
  if (auto family = power_family(code.c())) {
    if (code.d() >= 4 && code.d() <= 7)
      return family->first;
    if (code.d() == 8 || code.d() == 9)
      return family->second;
    return std::nullopt;
  }
  return code.d() == 7 ? instantaneous_unit(code.c()) : std::nullopt;
}

std::optional<meterhub::unit> profile_unit(std::string_view text) noexcept {
  if (text == "degree")
    return meterhub::unit::degree;
  return unit_from_string(text);
}

} // namespace meterhub::profiles

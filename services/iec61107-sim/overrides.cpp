#include "overrides.hpp"

#include <algorithm>
#include <optional>

#include "sim_error.hpp"

namespace meterhub::iec61107sim {

namespace {

/// A value must fit between the parentheses of a data set.
bool framable(std::string_view value) {
  for (const char c : value)
    if (c < 0x20 || c > 0x7E || c == '(' || c == ')')
      return false;
  return true;
}

/// The override, or nullopt with `why` saying what is wrong.
std::optional<register_override> make_override(std::string_view target, std::string_view value, std::string& why) {
  register_override out;
  if (const auto at = target.find('@'); at != std::string_view::npos) {
    out.meter = std::string{target.substr(0, at)};
    target.remove_prefix(at + 1);
  }
  const auto range = parse_register_range(target);
  if (!range) {
    why = "'" + std::string{target} + "' is no register (1F.07.00*FF, 1F0700FF, 0F.80.80*[00..7F])";
    return std::nullopt;
  }
  if (!framable(value)) {
    why = "the value for " + std::string{target} + " holds a parenthesis or a control character";
    return std::nullopt;
  }
  out.range = *range;
  out.value = std::string{value};
  return out;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos)
    return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

} // namespace

caf::expected<register_override> parse_override(std::string_view item) {
  const auto colon = item.find(':');
  if (colon == std::string_view::npos)
    return make_error(sim_errc::bad_configuration, "'" + std::string{item} + "' is not [ADDRESS@]OBIS:VALUE");
  std::string why;
  auto out = make_override(item.substr(0, colon), item.substr(colon + 1), why);
  if (!out)
    return make_error(sim_errc::bad_configuration, why);
  return std::move(*out);
}

caf::expected<std::vector<register_override>> parse_values(std::string_view text) {
  std::vector<register_override> out;
  for (int line_number = 1; !text.empty(); ++line_number) {
    const auto end = text.find('\n');
    const auto line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#')
      continue;
    const auto space = line.find_first_of(" \t");
    std::string why;
    auto item = space == std::string_view::npos ? make_override(line, {}, why)
                                                : make_override(line.substr(0, space), trim(line.substr(space)), why);
    if (!item)
      return make_error(sim_errc::bad_configuration, "line " + std::to_string(line_number) + ": " + why);
    out.push_back(std::move(*item));
  }
  return out;
}

bool same_meter_address(std::string_view a, std::string_view b) noexcept {
  const auto digits = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (!digits(a) || !digits(b))
    return a == b;
  a.remove_prefix(std::min(a.find_first_not_of('0'), a.size()));
  b.remove_prefix(std::min(b.find_first_not_of('0'), b.size()));
  return a == b;
}

} // namespace meterhub::iec61107sim

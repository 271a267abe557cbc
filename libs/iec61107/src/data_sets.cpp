#include "meterhub/iec61107/data_sets.hpp"

#include <optional>

#include "meterhub/iec61107/error.hpp"

namespace meterhub::iec61107 {

namespace {

/// Splits "addr(v1*u)(v2)" into its parts; nullopt when the parentheses do not pair up.
std::optional<data_set_value> split_data_set(std::string_view text) {
  const auto open = text.find('(');
  if (open == std::string_view::npos || text.back() != ')')
    return std::nullopt;
  data_set_value out;
  out.address = std::string{text.substr(0, open)};
  std::vector<std::string> groups;
  for (std::size_t at = open; at < text.size();) {
    if (text[at] != '(')
      return std::nullopt;
    const auto close = text.find(')', at);
    if (close == std::string_view::npos)
      return std::nullopt;
    groups.emplace_back(text.substr(at + 1, close - at - 1));
    at = close + 1;
  }
  const std::string& first = groups.front();
  const auto star = first.find('*');
  out.value = first.substr(0, star);
  if (star != std::string::npos)
    out.unit = first.substr(star + 1);
  out.more.assign(groups.begin() + 1, groups.end());
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 64))
    out += (c >= 0x20 && c < 0x7F) ? c : '?';
  return out;
}

} // namespace

caf::expected<data_set_value> parse_reply(std::string_view data) {
  auto set = data.empty() ? std::nullopt : split_data_set(data);
  if (!set)
    return make_error(iec61107_errc::malformed_message, "reply is no data set: \"" + printable(data) + '"');
  if (set->address.empty())
    return make_error(iec61107_errc::register_error, "meter answered error (" + printable(set->value) + ")");
  return std::move(*set);
}

caf::expected<std::vector<data_set_value>> parse_data_block(std::string_view block) {
  std::vector<data_set_value> out;
  while (!block.empty()) {
    const auto end = block.find('\n');
    std::string_view line = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 1);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty())
      continue;
    if (line == "!")
      return out;
    auto set = split_data_set(line);
    if (!set)
      return make_error(iec61107_errc::malformed_message, "data block line: \"" + printable(line) + '"');
    out.push_back(std::move(*set));
  }
  return out;
}

} // namespace meterhub::iec61107

#include "meterhub/vscp/topic.hpp"

#include "meterhub/core/text.hpp"
#include "meterhub/vscp/error.hpp"

namespace meterhub::vscp {

namespace {

/// Walks `tmpl` as str.format does, calling `literal(text)` and `field(name)`; returns the error text, "" when the
/// template is one meterhub can fill.
template <class Literal, class Field>
std::string walk(std::string_view tmpl, Literal&& literal, Field&& field) {
  std::size_t i = 0;
  while (i < tmpl.size()) {
    const char c = tmpl[i];
    if (c == '}') {
      if (i + 1 >= tmpl.size() || tmpl[i + 1] != '}')
        return "a single '}' at position " + std::to_string(i) + " (write '}}' for a brace)";
      literal(std::string_view{"}"});
      i += 2;
    } else if (c == '{' && i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
      literal(std::string_view{"{"});
      i += 2;
    } else if (c == '{') {
      const auto close = tmpl.find('}', i);
      if (close == std::string_view::npos)
        return "'{' at position " + std::to_string(i) + " is never closed";
      const auto name = tmpl.substr(i + 1, close - i - 1);
      if (name != "xguid" && name != "xclass" && name != "xtype")
        return "unknown placeholder {" + std::string{name} + "} (only {xguid}, {xclass} and {xtype} exist)";
      field(name);
      i = close + 1;
    } else {
      const auto next = tmpl.find_first_of("{}", i);
      const auto end = next == std::string_view::npos ? tmpl.size() : next;
      literal(tmpl.substr(i, end - i));
      i = end;
    }
  }
  return {};
}

} // namespace

caf::error check_topic_template(std::string_view tmpl, std::string_view key) {
  auto why = walk(tmpl, [](std::string_view) {}, [](std::string_view) {});
  if (why.empty())
    return caf::none;
  return make_error(vscp_errc::bad_topic, std::string{key} + ": '" + std::string{tmpl} + "': " + why);
}

std::optional<std::string> render_topic(std::string_view tmpl, std::string_view xguid, std::uint16_t xclass,
                                        std::uint16_t xtype) {
  std::string out;
  out.reserve(tmpl.size() + xguid.size() + 8);
  auto why = walk(
    tmpl, [&](std::string_view text) { out += text; },
    [&](std::string_view name) {
      if (name == "xguid")
        out += xguid;
      else
        out += std::to_string(name == "xclass" ? xclass : xtype);
    });
  if (!why.empty())
    return std::nullopt;
  return out;
}

bool is_publishable_topic(std::string_view topic) noexcept {
  if (topic.empty() || topic.size() > 65535)
    return false;
  if (topic.find_first_of(std::string_view{"+#\0", 3}) != std::string_view::npos)
    return false;
  return is_valid_utf8(topic);
}

} // namespace meterhub::vscp

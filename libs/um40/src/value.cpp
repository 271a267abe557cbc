#include "meterhub/um40/value.hpp"

#include <charconv>
#include <cmath>
#include <optional>

#include "meterhub/um40/error.hpp"

namespace meterhub::um40 {

namespace {

std::string real_literal(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string text(buf, end);
  if (text.find_first_of(".e") == std::string::npos)
    text += ".0"; // stays a real in SQL arithmetic (1/2 is 0, 1.0/2 is 0.5)
  return text;
}

std::string text_literal(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += '\'';
    out += c;
  }
  return out + "'";
}

caf::error wrong(std::string_view tag, std::string_view expected, std::string_view got) {
  return make_error(um40_errc::bad_value,
                    std::string{tag} + " takes " + std::string{expected} + ", got \"" + std::string{got} + "\"");
}

const char* kind_name(value_kind kind) {
  switch (kind) {
    case value_kind::real:
      return "a number";
    case value_kind::integer:
      return "an integer";
    case value_kind::flag:
      return "0 or 1";
    case value_kind::text:
      return "text";
  }
  return "a value";
}

template <class Number>
std::optional<Number> number_of(std::string_view text) {
  Number n{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
    return std::nullopt;
  return n;
}

} // namespace

caf::expected<std::string> to_sql_literal(const value& v) {
  if (is_null(v))
    return std::string{"NULL"};
  if (auto i = std::get_if<std::int64_t>(&v))
    return std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d))
      return make_error(um40_errc::bad_value, "meter.db cannot hold NaN or infinity");
    return real_literal(*d);
  }
  const auto& s = std::get<std::string>(v);
  if (s.find('\0') != std::string::npos)
    return make_error(um40_errc::bad_text, "text with a NUL byte cannot be an SQL literal");
  return text_literal(s);
}

caf::expected<value> parse_value(std::string_view tag, value_kind kind, std::string_view text) {
  if (text == "NULL" || text == "None" || text == "null")
    return value{};
  switch (kind) {
    case value_kind::text:
      return value{std::string{text}};
    case value_kind::real:
      if (auto d = number_of<double>(text); d && std::isfinite(*d))
        return value{*d};
      break;
    case value_kind::integer:
      if (auto i = number_of<std::int64_t>(text))
        return value{*i};
      break;
    case value_kind::flag:
      if (text == "0" || text == "1")
        return value{std::int64_t{text == "1"}};
      break;
  }
  return wrong(tag, kind_name(kind), text);
}

caf::expected<value> coerce(std::string_view tag, value_kind kind, value v) {
  if (is_null(v))
    return v;
  if (auto s = std::get_if<std::string>(&v))
    return kind == value_kind::text ? caf::expected<value>{std::move(v)} : wrong(tag, kind_name(kind), *s);
  if (kind == value_kind::text)
    return wrong(tag, kind_name(kind), std::holds_alternative<double>(v) ? real_literal(std::get<double>(v))
                                                                            : std::to_string(std::get<std::int64_t>(v)));
  if (auto d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d))
      return wrong(tag, kind_name(kind), "NaN or infinity");
    if (kind == value_kind::real)
      return v;
    if (*d != std::floor(*d))
      return wrong(tag, kind_name(kind), real_literal(*d));
    v = static_cast<std::int64_t>(*d);
  }
  auto i = std::get<std::int64_t>(v);
  if (kind == value_kind::real)
    return value{static_cast<double>(i)};
  if (kind == value_kind::flag && i != 0 && i != 1)
    return wrong(tag, kind_name(kind), std::to_string(i));
  return v;
}

} // namespace meterhub::um40

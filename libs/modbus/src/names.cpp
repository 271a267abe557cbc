// The names of tables, value types and word orders, as profiles spell them.
#include <array>
#include <cctype>
#include <utility>

#include "meterhub/modbus/value.hpp"

namespace meterhub::modbus {

namespace {

constexpr std::array<std::pair<std::string_view, value_type>, 13> type_names{{
  {"u16", value_type::u16},     {"s16", value_type::s16},       {"u32", value_type::u32},
  {"s32", value_type::s32},     {"u64", value_type::u64},       {"s64", value_type::s64},
  {"f32", value_type::f32},     {"f64", value_type::f64},       {"bcd16", value_type::bcd16},
  {"bcd32", value_type::bcd32}, {"bits", value_type::bits},     {"string", value_type::string},
  {"bool", value_type::boolean},
}};

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

} // namespace

std::string_view to_string(table t) noexcept {
  switch (t) {
    case table::coil:
      return "coil";
    case table::discrete_input:
      return "discrete_input";
    case table::holding:
      return "holding";
    case table::input:
      return "input";
  }
  return "unknown";
}

std::optional<table> table_from_string(std::string_view text) noexcept {
  for (auto t : {table::coil, table::discrete_input, table::holding, table::input})
    if (text == to_string(t) || (text.size() == 1 && text[0] == '0' + static_cast<char>(t)))
      return t;
  return std::nullopt;
}

std::string_view to_string(value_type t) noexcept {
  for (const auto& [name, type] : type_names)
    if (type == t)
      return name;
  return "unknown";
}

std::optional<value_type> value_type_from_string(std::string_view text) noexcept {
  for (const auto& [name, type] : type_names)
    if (text == name)
      return type;
  if (text == "boolean")
    return value_type::boolean;
  return std::nullopt;
}

std::string_view to_string(word_order o) noexcept {
  switch (o) {
    case word_order::abcd:
      return "ABCD";
    case word_order::cdab:
      return "CDAB";
    case word_order::badc:
      return "BADC";
    case word_order::dcba:
      return "DCBA";
  }
  return "unknown";
}

std::optional<word_order> word_order_from_string(std::string_view text) noexcept {
  for (auto o : {word_order::abcd, word_order::cdab, word_order::badc, word_order::dcba})
    if (equals_ignoring_case(text, to_string(o)))
      return o;
  return std::nullopt;
}

} // namespace meterhub::modbus

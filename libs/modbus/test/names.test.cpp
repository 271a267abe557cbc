#include <catch2/catch.hpp>

#include "meterhub/modbus/frame.hpp"
#include "meterhub/modbus/splitter.hpp"
#include "meterhub/modbus/value.hpp"

using namespace meterhub::modbus;

TEST_CASE("tables by name and by function code") {
  CHECK(table_from_string("coil") == table::coil);
  CHECK(table_from_string("discrete_input") == table::discrete_input);
  CHECK(table_from_string("holding") == table::holding);
  CHECK(table_from_string("input") == table::input);
  CHECK(table_from_string("1") == table::coil);
  CHECK(table_from_string("2") == table::discrete_input);
  CHECK(table_from_string("3") == table::holding);
  CHECK(table_from_string("4") == table::input);
  for (auto bad : {"", "0", "5", "Holding", "holdings", "coils", "03", "3 ", "input_register"})
    CHECK_FALSE(table_from_string(bad));
  for (auto t : {table::coil, table::discrete_input, table::holding, table::input})
    CHECK(table_from_string(to_string(t)) == t);
  CHECK(to_string(table::discrete_input) == "discrete_input");
  CHECK(is_bit_table(table::coil));
  CHECK(is_bit_table(table::discrete_input));
  CHECK_FALSE(is_bit_table(table::holding));
  CHECK_FALSE(is_bit_table(table::input));
}

TEST_CASE("value types by name") {
  const std::pair<const char*, value_type> names[] = {
    {"u16", value_type::u16},     {"s16", value_type::s16},     {"u32", value_type::u32},
    {"s32", value_type::s32},     {"u64", value_type::u64},     {"s64", value_type::s64},
    {"f32", value_type::f32},     {"f64", value_type::f64},     {"bcd16", value_type::bcd16},
    {"bcd32", value_type::bcd32}, {"bits", value_type::bits},   {"string", value_type::string},
    {"bool", value_type::boolean},
  };
  for (const auto& [name, type] : names) {
    CHECK(to_string(type) == name);
    CHECK(value_type_from_string(name) == type);
  }
  CHECK(value_type_from_string("boolean") == value_type::boolean);
  for (auto bad : {"", "U16", "uint16", "float", "f16", "bcd", "str", "u16 "})
    CHECK_FALSE(value_type_from_string(bad));
  CHECK(to_string(static_cast<value_type>(99)) == "unknown");
}

TEST_CASE("word orders by name, in any case") {
  CHECK(word_order_from_string("ABCD") == word_order::abcd);
  CHECK(word_order_from_string("cdab") == word_order::cdab);
  CHECK(word_order_from_string("BaDc") == word_order::badc);
  CHECK(word_order_from_string("dcba") == word_order::dcba);
  for (auto bad : {"", "ABC", "ABCDE", "ACBD", "big", "AB"})
    CHECK_FALSE(word_order_from_string(bad));
  for (auto o : {word_order::abcd, word_order::cdab, word_order::badc, word_order::dcba})
    CHECK(word_order_from_string(to_string(o)) == o);
  CHECK(to_string(word_order::cdab) == "CDAB");
}

TEST_CASE("function codes and directions have names") {
  CHECK(to_string(function_code::read_coils) == "read_coils");
  CHECK(to_string(function_code::read_discrete_inputs) == "read_discrete_inputs");
  CHECK(to_string(function_code::read_holding_registers) == "read_holding_registers");
  CHECK(to_string(function_code::read_input_registers) == "read_input_registers");
  CHECK(to_string(function_code::write_single_coil) == "write_single_coil");
  CHECK(to_string(function_code::write_single_register) == "write_single_register");
  CHECK(to_string(function_code::write_multiple_coils) == "write_multiple_coils");
  CHECK(to_string(function_code::write_multiple_registers) == "write_multiple_registers");
  CHECK(to_string(static_cast<function_code>(0x2B)) == "unknown");
  CHECK(is_supported(function_code::write_multiple_registers));
  CHECK_FALSE(is_supported(static_cast<function_code>(0x08)));
  CHECK_FALSE(is_supported(static_cast<function_code>(0x83)));
  CHECK(is_bit_function(function_code::read_coils));
  CHECK(is_bit_function(function_code::write_multiple_coils));
  CHECK_FALSE(is_bit_function(function_code::read_input_registers));
  CHECK_FALSE(is_bit_function(function_code::write_single_register));
  CHECK(to_string(direction::request) == "request");
  CHECK(to_string(direction::response) == "response");
  CHECK(to_string(direction::unknown) == "unknown");
}

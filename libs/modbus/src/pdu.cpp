#include "pdu.hpp"

namespace meterhub::modbus {

std::string_view to_string(function_code f) noexcept {
  switch (f) {
    case function_code::read_coils:
      return "read_coils";
    case function_code::read_discrete_inputs:
      return "read_discrete_inputs";
    case function_code::read_holding_registers:
      return "read_holding_registers";
    case function_code::read_input_registers:
      return "read_input_registers";
    case function_code::write_single_coil:
      return "write_single_coil";
    case function_code::write_single_register:
      return "write_single_register";
    case function_code::write_multiple_coils:
      return "write_multiple_coils";
    case function_code::write_multiple_registers:
      return "write_multiple_registers";
  }
  return "unknown";
}

bool is_supported(function_code f) noexcept {
  return to_string(f) != "unknown";
}

bool is_bit_function(function_code f) noexcept {
  return f == function_code::read_coils || f == function_code::read_discrete_inputs
         || f == function_code::write_single_coil || f == function_code::write_multiple_coils;
}

namespace detail {

std::uint16_t max_quantity(function_code f) noexcept {
  switch (f) {
    case function_code::read_coils:
    case function_code::read_discrete_inputs:
      return 2000;
    case function_code::read_holding_registers:
    case function_code::read_input_registers:
      return 125;
    case function_code::write_single_coil:
    case function_code::write_single_register:
      return 1;
    case function_code::write_multiple_coils:
      return 1968;
    case function_code::write_multiple_registers:
      return 123;
  }
  return 0;
}

bytes pack_bits(std::span<const std::uint16_t> values) {
  bytes out((values.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] != 0)
      out[i / 8] = static_cast<std::uint8_t>(out[i / 8] | (1u << (i % 8)));
  return out;
}

std::vector<std::uint16_t> unpack_bits(std::span<const std::uint8_t> data, std::size_t count) {
  std::vector<std::uint16_t> values(count);
  for (std::size_t i = 0; i < count; ++i)
    values[i] = (data[i / 8] >> (i % 8)) & 1;
  return values;
}

std::size_t request_pdu_size(const request& r) noexcept {
  switch (r.function) {
    case function_code::write_multiple_coils:
      return 6 + (std::size_t{r.count} + 7) / 8;
    case function_code::write_multiple_registers:
      return 6 + 2 * std::size_t{r.count};
    default:
      return is_supported(r.function) ? 5 : 0;
  }
}

std::size_t response_pdu_size(const request& r) noexcept {
  switch (r.function) {
    case function_code::read_coils:
    case function_code::read_discrete_inputs:
      return 2 + (std::size_t{r.count} + 7) / 8;
    case function_code::read_holding_registers:
    case function_code::read_input_registers:
      return 2 + 2 * std::size_t{r.count};
    case function_code::write_single_coil:
    case function_code::write_single_register:
    case function_code::write_multiple_coils:
    case function_code::write_multiple_registers:
      return 5;
  }
  return 0;
}

} // namespace detail

} // namespace meterhub::modbus

// Request PDUs (Modbus Application Protocol V1.1b3 §6.1-6.12) and the server's checks of them (the state
// diagrams there: unsupported function → exception 1, quantity out of range → 3, address + quantity beyond 65536
// → 2).
#include <algorithm>
#include <string>

#include "meterhub/modbus/error.hpp"
#include "pdu.hpp"

namespace meterhub::modbus::detail {

namespace {

caf::error refuse(std::string_view why) {
  return make_error(modbus_errc::out_of_range, why);
}

bool all_bits(std::span<const std::uint16_t> values) {
  return std::all_of(values.begin(), values.end(), [](std::uint16_t v) { return v <= 1; });
}

caf::error check_request(const request& r) {
  auto max = max_quantity(r.function);
  if (max == 0)
    return refuse("function code " + std::to_string(static_cast<unsigned>(r.function)) + " is not supported");
  if (r.count < 1 || r.count > max)
    return refuse("a quantity of " + std::to_string(r.count) + " for " + std::string{to_string(r.function)});
  if (!fits_address_space(r.address, r.count))
    return refuse("address + quantity beyond 65535");
  bool write = r.function >= function_code::write_single_coil;
  if (r.values.size() != (write ? r.count : 0u))
    return refuse(std::to_string(r.values.size()) + " values for a quantity of " + std::to_string(r.count));
  if (is_bit_function(r.function) && !all_bits(r.values))
    return refuse("a coil value other than 0 or 1");
  return {};
}

} // namespace

caf::expected<bytes> request_pdu(const request& r) {
  if (auto err = check_request(r))
    return err;
  bytes out{static_cast<std::uint8_t>(r.function)};
  put16(out, r.address);
  switch (r.function) {
    case function_code::write_single_coil:
      put16(out, r.values[0] != 0 ? 0xFF00 : 0x0000);
      break;
    case function_code::write_single_register:
      put16(out, r.values[0]);
      break;
    case function_code::write_multiple_coils: {
      put16(out, r.count);
      auto packed = pack_bits(r.values);
      out.push_back(static_cast<std::uint8_t>(packed.size()));
      out.insert(out.end(), packed.begin(), packed.end());
      break;
    }
    case function_code::write_multiple_registers:
      put16(out, r.count);
      out.push_back(static_cast<std::uint8_t>(2 * r.count));
      for (auto v : r.values)
        put16(out, v);
      break;
    default: // reads
      put16(out, r.count);
  }
  return out;
}

namespace {

caf::error bad_frame(std::string_view why) {
  return make_error(modbus_errc::bad_frame, why);
}

/// Quantity and address checks of a well-formed request, as exceptions 3 and 2.
caf::error check_quantity(const request& r, std::size_t byte_count, std::size_t expected_byte_count) {
  if (r.count < 1 || r.count > max_quantity(r.function) || byte_count != expected_byte_count)
    return make_error(modbus_errc::illegal_data_value, "a quantity of " + std::to_string(r.count) + " in "
                                                         + std::to_string(byte_count) + " bytes");
  if (!fits_address_space(r.address, r.count))
    return make_error(modbus_errc::illegal_data_address, "address + quantity beyond 65535");
  return {};
}

caf::expected<request> parse_write_multiple(std::span<const std::uint8_t> pdu, request r) {
  if (pdu.size() < 6 || pdu.size() != 6u + pdu[5])
    return bad_frame("a write of multiple values whose length disagrees with its byte count");
  r.address = get16(pdu, 1);
  r.count = get16(pdu, 3);
  auto data = pdu.subspan(6);
  bool coils = r.function == function_code::write_multiple_coils;
  if (auto err = check_quantity(r, data.size(), coils ? (r.count + 7u) / 8 : 2u * r.count))
    return err;
  if (coils) {
    r.values = unpack_bits(data, r.count);
  } else {
    for (std::size_t i = 0; i < r.count; ++i)
      r.values.push_back(get16(data, 2 * i));
  }
  return r;
}

} // namespace

caf::expected<request> parse_request_pdu(std::span<const std::uint8_t> pdu) {
  if (pdu.empty())
    return bad_frame("an empty PDU");
  request r;
  r.function = static_cast<function_code>(pdu[0]);
  if (!is_supported(r.function))
    return make_error(modbus_errc::illegal_function, "function code " + std::to_string(pdu[0]));
  if (r.function == function_code::write_multiple_coils || r.function == function_code::write_multiple_registers)
    return parse_write_multiple(pdu, std::move(r));
  if (pdu.size() != 5)
    return bad_frame("a " + std::string{to_string(r.function)} + " request of " + std::to_string(pdu.size())
                     + " bytes, not 5");
  r.address = get16(pdu, 1);
  auto field = get16(pdu, 3);
  if (r.function == function_code::write_single_coil && field != 0xFF00 && field != 0x0000)
    return make_error(modbus_errc::illegal_data_value, "a coil value other than FF00 or 0000");
  if (r.function == function_code::write_single_coil || r.function == function_code::write_single_register) {
    r.values = {r.function == function_code::write_single_coil ? std::uint16_t(field == 0xFF00) : field};
    return r;
  }
  r.count = field;
  if (auto err = check_quantity(r, 0, 0))
    return err;
  return r;
}

} // namespace meterhub::modbus::detail

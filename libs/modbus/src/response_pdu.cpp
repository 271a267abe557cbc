// Response PDUs (Modbus Application Protocol V1.1b3 §6.1-6.12) and exception responses (§7).
#include <algorithm>
#include <string>

#include "meterhub/modbus/error.hpp"
#include "pdu.hpp"

namespace meterhub::modbus::detail {

namespace {

caf::error refuse(std::string_view why) {
  return make_error(modbus_errc::out_of_range, why);
}

caf::error bad_frame(std::string_view why) {
  return make_error(modbus_errc::bad_frame, why);
}

bool is_read(function_code f) noexcept {
  return f <= function_code::read_input_registers;
}

caf::expected<bytes> read_response_pdu(const response& r) {
  auto n = r.values.size();
  bool bits = is_bit_function(r.function);
  if (n < 1 || n > max_quantity(r.function))
    return refuse(std::to_string(n) + " values in a " + std::string{to_string(r.function)} + " response");
  if (bits && std::any_of(r.values.begin(), r.values.end(), [](std::uint16_t v) { return v > 1; }))
    return refuse("a bit value other than 0 or 1");
  bytes out{static_cast<std::uint8_t>(r.function)};
  auto data = bits ? pack_bits(r.values) : bytes{};
  if (!bits)
    for (auto v : r.values)
      put16(data, v);
  out.push_back(static_cast<std::uint8_t>(data.size()));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

caf::expected<bytes> write_response_pdu(const response& r) {
  bytes out{static_cast<std::uint8_t>(r.function)};
  put16(out, r.address);
  bool single = r.function == function_code::write_single_coil || r.function == function_code::write_single_register;
  if (single) {
    if (r.values.size() != 1 || (r.function == function_code::write_single_coil && r.values[0] > 1))
      return refuse("a single write's echo holds one value (a coil 0 or 1)");
    put16(out, r.function == function_code::write_single_coil ? (r.values[0] != 0 ? 0xFF00 : 0) : r.values[0]);
    return out;
  }
  if (r.count < 1 || r.count > max_quantity(r.function) || !fits_address_space(r.address, r.count))
    return refuse("a quantity of " + std::to_string(r.count) + " in a write echo");
  put16(out, r.count);
  return out;
}

} // namespace

caf::expected<bytes> response_pdu(const response& r) {
  if (r.exception_code != 0) {
    if (static_cast<unsigned>(r.function) >= 0x80)
      return refuse("a function code with the exception bit set");
    return bytes{static_cast<std::uint8_t>(static_cast<unsigned>(r.function) | 0x80), r.exception_code};
  }
  if (!is_supported(r.function))
    return refuse("function code " + std::to_string(static_cast<unsigned>(r.function)) + " is not supported");
  return is_read(r.function) ? read_response_pdu(r) : write_response_pdu(r);
}

namespace {

caf::expected<response> parse_read(std::span<const std::uint8_t> pdu, response r, const request* sent) {
  if (pdu.size() < 2 || pdu.size() != 2u + pdu[1])
    return bad_frame("a read response whose length disagrees with its byte count");
  auto data = pdu.subspan(2);
  bool bits = is_bit_function(r.function);
  // At most 2000 bits or 125 registers: 250 bytes either way (a TCP frame would have room for 251).
  if (data.empty() || data.size() > 250 || (!bits && data.size() % 2 != 0))
    return bad_frame("a read response of " + std::to_string(data.size()) + " data bytes");
  std::size_t count = bits ? 8 * data.size() : data.size() / 2;
  if (sent != nullptr) {
    if (data.size() != response_pdu_size(*sent) - 2)
      return bad_frame(std::to_string(data.size()) + " data bytes for a read of " + std::to_string(sent->count));
    count = sent->count;
  }
  if (bits)
    r.values = unpack_bits(data, count);
  else
    for (std::size_t i = 0; i < count; ++i)
      r.values.push_back(get16(data, 2 * i));
  r.count = static_cast<std::uint16_t>(count);
  return r;
}

caf::expected<response> parse_write(std::span<const std::uint8_t> pdu, response r, const request* sent) {
  if (pdu.size() != 5)
    return bad_frame("a write response of " + std::to_string(pdu.size()) + " bytes, not 5");
  r.address = get16(pdu, 1);
  auto field = get16(pdu, 3);
  if (r.function == function_code::write_single_coil) {
    if (field != 0xFF00 && field != 0x0000)
      return bad_frame("a coil echo other than FF00 or 0000");
    r.values = {std::uint16_t(field == 0xFF00)};
  } else if (r.function == function_code::write_single_register) {
    r.values = {field};
  } else {
    r.count = field;
    if (r.count < 1 || r.count > max_quantity(r.function) || !fits_address_space(r.address, r.count))
      return bad_frame("a write echo of quantity " + std::to_string(r.count));
  }
  if (sent == nullptr)
    return r;
  bool same = r.values.empty() ? r.count == sent->count : r.values == sent->values;
  if (r.address != sent->address || !same)
    return bad_frame("a write echo that differs from the write");
  return r;
}

} // namespace

caf::expected<response> parse_response_pdu(std::span<const std::uint8_t> pdu, const request* sent) {
  if (pdu.size() < 2)
    return bad_frame("a response PDU of " + std::to_string(pdu.size()) + " bytes");
  response r;
  r.function = static_cast<function_code>(pdu[0] & 0x7F);
  if (sent != nullptr && r.function != sent->function)
    return bad_frame("a response of function " + std::to_string(pdu[0]) + " to function "
                     + std::to_string(static_cast<unsigned>(sent->function)));
  if ((pdu[0] & 0x80) != 0) {
    if (pdu.size() != 2 || pdu[1] == 0)
      return bad_frame("an exception response is function | 0x80 and a non-zero code");
    r.exception_code = pdu[1];
    return r;
  }
  if (!is_supported(r.function))
    return bad_frame("function code " + std::to_string(pdu[0]) + " is not supported");
  return is_read(r.function) ? parse_read(pdu, std::move(r), sent) : parse_write(pdu, std::move(r), sent);
}

} // namespace meterhub::modbus::detail

#include "meterhub/modbus_export/request.hpp"

#include "meterhub/modbus/error.hpp"
#include "meterhub/modbus_export/encoding.hpp"
#include "meterhub/modbus_export/image.hpp"

namespace meterhub::modbus_export {

namespace {

using modbus::function_code;
using modbus::modbus_errc;
using modbus::table;

classified_request refuse(classified_request out, std::uint8_t code, bool malformed = false) {
  out.action = request_action::exception;
  out.exception = code;
  out.malformed = malformed;
  return out;
}

/// parse_request's verdict on a delimited ADU as the exception to answer. Its bad_frame here means a PDU whose
/// length does not fit its function (the MBAP was checked): an implied-length fault, exception 3 (§7).
classified_request refuse_parsed(classified_request out, const caf::error& err) {
  if (err.category() != caf::atom("modbus"))
    return refuse(std::move(out), exception_code::illegal_data_value, true);
  switch (static_cast<modbus_errc>(err.code())) {
    case modbus_errc::illegal_function:
      return refuse(std::move(out), exception_code::illegal_function);
    case modbus_errc::illegal_data_address:
      return refuse(std::move(out), exception_code::illegal_data_address);
    case modbus_errc::illegal_data_value:
      return refuse(std::move(out), exception_code::illegal_data_value);
    default:
      return refuse(std::move(out), exception_code::illegal_data_value, true);
  }
}

classified_request classify_read(classified_request out, const unit_layout& unit) {
  out.table = out.function == function_code::read_input_registers ? table::input : table::holding;
  if (!unit.registers(out.table)->locate(out.address, out.count))
    return refuse(std::move(out), exception_code::illegal_data_address);
  out.action = request_action::read;
  return out;
}

classified_request classify_write(classified_request out, const unit_layout& unit, std::vector<std::uint16_t> words) {
  const bool coils = out.function == function_code::write_single_coil
                     || out.function == function_code::write_multiple_coils;
  out.table = coils ? table::coil : table::holding;
  if (!unit.writable(out.table))
    return refuse(std::move(out), exception_code::illegal_function);
  const auto* command = unit.command_at(out.table, out.address);
  if (command == nullptr || out.count != command->width)
    return refuse(std::move(out), exception_code::illegal_data_address);
  double value = words.empty() ? 0.0 : words[0];
  if (!coils) {
    auto decoded = decode_value(words, command->entry.encoding);
    if (!decoded)
      return refuse(std::move(out), exception_code::illegal_data_value);
    value = *decoded;
  }
  out.write = {out.unit_id, unit.device, command->entry.target, out.table, out.address, std::move(words), value};
  out.action = request_action::write;
  return out;
}

} // namespace

std::ptrdiff_t mbap_frame_size(std::span<const std::uint8_t> buffered) noexcept {
  // MBAP (Messaging Implementation Guide V1.0b §3.1.3): transaction id, protocol id 0, length of unit id + PDU.
  if (buffered.size() >= 4 && (buffered[2] != 0 || buffered[3] != 0))
    return -1;
  if (buffered.size() < 6)
    return 0;
  const std::size_t length = (std::size_t{buffered[4]} << 8) | buffered[5];
  if (length < 2 || length > 1 + modbus::max_pdu_size) // a unit id and a function code at least
    return -1;
  const std::size_t total = 6 + length;
  return buffered.size() >= total ? static_cast<std::ptrdiff_t>(total) : 0;
}

classified_request classify(std::span<const std::uint8_t> adu, const export_layout& layout) {
  classified_request out;
  if (adu.size() > 7) {
    out.unit_id = adu[6];
    out.function = static_cast<function_code>(adu[7]);
  }
  if (adu.size() < 8 || mbap_frame_size(adu) != static_cast<std::ptrdiff_t>(adu.size()))
    return refuse(std::move(out), exception_code::illegal_data_value, true);
  const auto* unit = layout.unit(out.unit_id);
  if (unit == nullptr)
    return refuse(std::move(out), exception_code::gateway_target_failed);
  auto parsed = modbus::parse_request(adu, modbus::framing::tcp);
  if (!parsed)
    return refuse_parsed(std::move(out), parsed.error());
  out.address = parsed->address;
  out.count = parsed->count;
  switch (parsed->function) {
    case function_code::read_holding_registers:
    case function_code::read_input_registers:
      return classify_read(std::move(out), *unit);
    case function_code::read_coils:
    case function_code::read_discrete_inputs:
      return refuse(std::move(out), exception_code::illegal_function);
    default:
      return classify_write(std::move(out), *unit, std::move(parsed->values));
  }
}

} // namespace meterhub::modbus_export

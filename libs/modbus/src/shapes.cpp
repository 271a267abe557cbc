// Frame lengths in a captured stream: from the function code and the byte count (Modbus Application Protocol
// §6; libmodbus and the spec's own RTU receivers do the same), confirmed by the CRC for RTU.
#include "shapes.hpp"

#include <utility>

#include "meterhub/modbus/crc.hpp"
#include "pdu.hpp"

namespace meterhub::modbus::detail {

namespace {

void add(pdu_shapes& shapes, std::size_t length, modbus::direction d) noexcept {
  for (std::size_t i = 0; i < shapes.count; ++i)
    if (shapes.items[i].length == length) { // a request and a response that look alike
      shapes.items[i].direction = direction::unknown;
      return;
    }
  shapes.items[shapes.count++] = {length, d};
}

/// A read's response: function, byte count, data. Registers come in pairs of bytes.
void add_read_response(pdu_shapes& shapes, std::span<const std::uint8_t> head, bool bits) noexcept {
  if (head.size() < 2) {
    shapes.incomplete = true;
    return;
  }
  std::size_t byte_count = head[1];
  if (byte_count >= 1 && (bits || byte_count % 2 == 0))
    add(shapes, 2 + byte_count, direction::response);
}

/// A multiple write's request: function, address, quantity, byte count, data; the byte count must fit the quantity.
void add_write_request(pdu_shapes& shapes, std::span<const std::uint8_t> head, bool coils) noexcept {
  if (head.size() < 6) {
    shapes.incomplete = true;
    return;
  }
  std::size_t quantity = get16(head, 3);
  std::size_t byte_count = head[5];
  if (quantity >= 1 && byte_count == (coils ? (quantity + 7) / 8 : 2 * quantity))
    add(shapes, 6 + byte_count, direction::request);
}

scan_result need_more() noexcept {
  return {scan_result::need_more, 0, direction::unknown, {}};
}

scan_result no_frame(std::string_view why) noexcept {
  return {scan_result::none, 0, direction::unknown, why};
}

scan_result frame_of(std::size_t length, modbus::direction d) noexcept {
  return {scan_result::frame, length, d, {}};
}

/// Not enough bytes yet: wait, unless the capture has ended.
scan_result short_of_bytes(bool finished) noexcept {
  return finished ? no_frame("truncated frame") : need_more();
}

} // namespace

pdu_shapes shapes_of(std::span<const std::uint8_t> head) noexcept {
  pdu_shapes shapes;
  auto fc = head[0];
  if ((fc & 0x80) != 0) {
    add(shapes, 2, direction::response);
    return shapes;
  }
  switch (static_cast<function_code>(fc)) {
    case function_code::read_coils:
    case function_code::read_discrete_inputs:
    case function_code::read_holding_registers:
    case function_code::read_input_registers:
      add(shapes, 5, direction::request);
      add_read_response(shapes, head, is_bit_function(static_cast<function_code>(fc)));
      break;
    case function_code::write_single_coil:
    case function_code::write_single_register:
      add(shapes, 5, direction::unknown); // the response echoes the request
      break;
    case function_code::write_multiple_coils:
    case function_code::write_multiple_registers:
      add(shapes, 5, direction::response);
      add_write_request(shapes, head, fc == 0x0F);
      break;
    default:
      shapes.known = false;
  }
  return shapes;
}

scan_result scan_rtu(std::span<const std::uint8_t> s, bool finished) noexcept {
  if (!s.empty() && s[0] > 247) // Serial Line §2.2: 0 broadcast, 1..247 slaves, 248..255 reserved
    return no_frame("no frame starts here (address above 247)");
  if (s.size() < 2)
    return short_of_bytes(finished);
  auto shapes = shapes_of(s.subspan(1));
  if (!shapes.known)
    return no_frame("no frame starts here (unknown function code)");
  // The shortest length that passes the CRC wins. A frame followed by 00 passes one byte longer too: the CRC of
  // its bytes up to its CRC's low byte is that CRC's high byte, which with the 00 ends the longer candidate; with
  // 00 00 it passes two bytes longer. The shortest is also the one a byte-by-byte feed finds first.
  if (shapes.count == 2 && shapes.items[1].length < shapes.items[0].length)
    std::swap(shapes.items[0], shapes.items[1]);
  bool pending = false; // a shape is longer than the bytes so far (and so are the ones after it)
  bool bad_crc = false;
  for (std::size_t i = 0; i < shapes.count && !pending; ++i) {
    auto length = shapes.items[i].length + 3; // address and CRC
    if (s.size() < length)
      pending = true;
    else if (has_valid_crc16_modbus(s.first(length)))
      return frame_of(length, shapes.items[i].direction);
    else
      bad_crc = true;
  }
  // An incomplete shape is never shorter than a complete one: its length needs bytes that come after the PDU head.
  if ((pending || shapes.incomplete) && !finished)
    return need_more();
  return no_frame(bad_crc ? "CRC mismatch" : "truncated frame");
}

scan_result scan_tcp(std::span<const std::uint8_t> s, bool finished) noexcept {
  // Each field is judged as soon as it is there, so that garbage is not held waiting for a whole header.
  if (s.size() >= 4 && get16(s, 2) != 0)
    return no_frame("no frame starts here (MBAP protocol id not 0)");
  std::size_t length = s.size() >= 6 ? get16(s, 4) : 2; // unit id and PDU
  if (length < 2 || length > max_pdu_size + 1)
    return no_frame("no frame starts here (MBAP length out of range)");
  if (s.size() < 8)
    return short_of_bytes(finished);
  if (s.size() < 6 + length)
    return short_of_bytes(finished);
  auto pdu = s.subspan(7, length - 1);
  auto shapes = shapes_of(pdu);
  if (!shapes.known) // MBAP frames itself: keep a function this codec does not know
    return frame_of(6 + length, direction::unknown);
  for (std::size_t i = 0; i < shapes.count; ++i)
    if (shapes.items[i].length == pdu.size())
      return frame_of(6 + length, shapes.items[i].direction);
  return no_frame("no frame starts here (PDU length does not fit its function)");
}

} // namespace meterhub::modbus::detail

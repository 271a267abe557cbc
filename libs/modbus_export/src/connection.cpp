// One client's bytes: buffered, framed by the MBAP length, classified, answered through libmodbus.
#include <cerrno>

#include <modbus.h>
#include <sys/socket.h>

#include "server_impl.hpp"

namespace meterhub::modbus_export {

namespace {

/// Bytes read per wake-up: sixteen maximal requests, so a client pipelining requests is served in turns with the
/// others rather than drained first.
constexpr std::size_t read_chunk = 16 * 260;

} // namespace

bool server::impl::serve(connection& c) {
  std::array<std::uint8_t, read_chunk> chunk;
  const auto n = ::recv(c.fd, chunk.data(), chunk.size(), 0);
  if (n == 0)
    return false; // the client closed
  if (n < 0)
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  const auto now = clock_type::now();
  const bool was_empty = c.pending.empty();
  c.pending.insert(c.pending.end(), chunk.begin(), chunk.begin() + n);
  std::size_t used = 0;
  for (;;) {
    const auto rest = std::span{c.pending}.subspan(used);
    const auto size = mbap_frame_size(rest);
    if (size < 0) {
      server_counters::bump(counters.malformed); // not Modbus TCP: the stream cannot be resynchronised
      return false;
    }
    if (size == 0)
      break;
    if (!answer(c, rest.first(static_cast<std::size_t>(size))))
      return false;
    used += static_cast<std::size_t>(size);
    c.last_request = now;
  }
  c.pending.erase(c.pending.begin(), c.pending.begin() + static_cast<std::ptrdiff_t>(used));
  if (!c.pending.empty() && (was_empty || used > 0))
    c.partial_since = now;
  return true;
}

bool server::impl::answer(connection& c, std::span<const std::uint8_t> adu) {
  server_counters::bump(counters.requests);
  const auto decision = classify(adu, *layout);
  modbus_set_socket(ctx, c.fd);
  int rc = -1;
  switch (decision.action) {
    case request_action::read:
      rc = reply_read(adu, decision);
      break;
    case request_action::write:
      rc = reply_write(adu, decision);
      break;
    case request_action::exception:
      rc = reply_exception(adu, decision.exception, decision.malformed);
      break;
  }
  if (rc < 0)
    server_counters::bump(counters.send_failures);
  return rc >= 0;
}

int server::impl::reply_read(std::span<const std::uint8_t> adu, const classified_request& d) {
  std::array<std::uint16_t, 125> registers{};
  if (auto code = image->read(d.unit_id, d.table, d.address, std::span{registers}.first(d.count)); code != 0)
    return reply_exception(adu, code, false);
  // A mapping over exactly the registers asked for: libmodbus checks the range against it and copies them out.
  modbus_mapping_t mapping{};
  if (d.table == modbus::table::input) {
    mapping.start_input_registers = d.address;
    mapping.nb_input_registers = d.count;
    mapping.tab_input_registers = registers.data();
  } else {
    mapping.start_registers = d.address;
    mapping.nb_registers = d.count;
    mapping.tab_registers = registers.data();
  }
  server_counters::bump(counters.reads);
  return modbus_reply(ctx, adu.data(), static_cast<int>(adu.size()), &mapping);
}

int server::impl::reply_write(std::span<const std::uint8_t> adu, const classified_request& d) {
  bool accepted = false;
  if (on_write) {
    try {
      accepted = on_write(d.write);
    } catch (...) { // a handler's exception must not end the server thread
      accepted = false;
    }
  }
  if (!accepted)
    return reply_exception(adu, exception_code::server_device_failure, false);
  if (d.table == modbus::table::holding)
    image->hold_command(d.unit_id, d.address, d.write.words);
  // Scratch tables for libmodbus to write into before it echoes the request (the image keeps its own copy).
  std::array<std::uint16_t, 4> registers{};
  std::array<std::uint8_t, 1> coils{};
  modbus_mapping_t mapping{};
  if (d.table == modbus::table::coil) {
    mapping.start_bits = d.address;
    mapping.nb_bits = 1;
    mapping.tab_bits = coils.data();
  } else {
    mapping.start_registers = d.address;
    mapping.nb_registers = d.count;
    mapping.tab_registers = registers.data();
  }
  server_counters::bump(counters.writes);
  return modbus_reply(ctx, adu.data(), static_cast<int>(adu.size()), &mapping);
}

int server::impl::reply_exception(std::span<const std::uint8_t> adu, std::uint8_t code, bool malformed) {
  if (code < counters.exceptions.size())
    server_counters::bump(counters.exceptions[code]);
  if (malformed)
    server_counters::bump(counters.malformed);
  return modbus_reply_exception(ctx, adu.data(), code);
}

} // namespace meterhub::modbus_export

#include "meterhub/modbus_link/link.hpp"

#include <cerrno>
#include <charconv>
#include <thread>

#include <poll.h>
#include <unistd.h>

#include <modbus/modbus.h>

#include "meterhub/modbus/timing.hpp"
#include "meterhub/modbus_link/socket.hpp"

namespace meterhub::modbus_link {

namespace {

using namespace std::chrono;

char parity_char(transport::parity p) {
  switch (p) {
    case transport::parity::even:
      return 'E';
    case transport::parity::odd:
      return 'O';
    case transport::parity::none:
      break;
  }
  return 'N';
}

/// The silent interval between frames (t3.5) of the line's character format.
microseconds silent_interval_of(const transport::serial_settings& s) {
  const modbus::serial_format f{s.baud, s.data_bits, s.parity != transport::parity::none, s.stop_bits};
  return duration_cast<microseconds>(modbus::inter_frame_delay(f));
}

void set_timeout(_modbus* ctx, milliseconds t) {
  const auto us = duration_cast<microseconds>(t).count();
  modbus_set_response_timeout(ctx, static_cast<std::uint32_t>(us / 1'000'000),
                              static_cast<std::uint32_t>(us % 1'000'000));
}

caf::expected<_modbus*> new_context(const link_settings& s) {
  _modbus* ctx = nullptr;
  if (s.what == link_settings::kind::tcp)
    ctx = modbus_new_tcp_pi(s.host.c_str(), std::to_string(s.port).c_str());
  else // RTU over TCP uses the RTU backend on a connected socket (see open)
    ctx = modbus_new_rtu(s.what == link_settings::kind::rtu_serial ? s.path.c_str() : "rtu-over-tcp",
                         static_cast<int>(s.serial.baud), parity_char(s.serial.parity),
                         static_cast<int>(s.serial.data_bits), static_cast<int>(s.serial.stop_bits));
  if (!ctx)
    return make_error(modbus::modbus_errc::io_error, s.port_text() + ": " + modbus_strerror(errno));
  modbus_set_error_recovery(ctx, MODBUS_ERROR_RECOVERY_NONE); // we flush and reconnect ourselves
  set_timeout(ctx, s.response_timeout);
  return ctx;
}

caf::error connect_context(_modbus* ctx, const link_settings& s) {
  if (s.what == link_settings::kind::rtu_tcp) {
    // libmodbus has no RTU-over-TCP backend; its RTU backend only reads and writes ctx->s, so it runs on a socket.
    auto fd = connect_socket(s.host, s.port, s.connect_timeout);
    if (!fd)
      return fd.error();
    modbus_set_socket(ctx, *fd);
    return {};
  }
  if (s.what == link_settings::kind::tcp)
    set_timeout(ctx, s.connect_timeout); // libmodbus bounds connect() by the response timeout
  const int rc = modbus_connect(ctx);
  const int err = errno;
  set_timeout(ctx, s.response_timeout);
  if (rc != 0)
    return make_error(modbus::modbus_errc::io_error, s.port_text() + ": " + modbus_strerror(err));
  return {};
}

} // namespace

modbus::modbus_errc classify_errno(int err) noexcept {
  if (err > MODBUS_ENOBASE && err <= EMBXGTAR)
    return static_cast<modbus::modbus_errc>(err - MODBUS_ENOBASE);
  switch (err) {
    case ETIMEDOUT:
      return modbus::modbus_errc::timeout;
    case EMBBADCRC:
    case EMBBADDATA:
    case EMBBADEXC:
    case EMBMDATA:
    case EMBBADSLAVE:
      return modbus::modbus_errc::bad_frame;
    default:
      return modbus::modbus_errc::io_error;
  }
}

caf::expected<std::unique_ptr<link>> link::open(const link_settings& settings) {
  auto ctx = new_context(settings);
  if (!ctx)
    return ctx.error();
  if (auto err = connect_context(*ctx, settings)) {
    modbus_free(*ctx);
    return err;
  }
  return std::unique_ptr<link>{new link(settings, *ctx)};
}

link::link(link_settings settings, _modbus* ctx) : settings_(std::move(settings)), ctx_(ctx) {
  if (settings_.rtu())
    silent_interval_ = silent_interval_of(settings_.serial);
}

link::~link() {
  modbus_close(ctx_);
  modbus_free(ctx_);
}

int link::fd() const {
  return modbus_get_socket(ctx_);
}

std::string link::describe() const {
  if (settings_.what == link_settings::kind::rtu_serial)
    return settings_.path + " " + settings_.serial.to_string();
  return settings_.port_text();
}

void link::set_response_timeout(milliseconds timeout) {
  settings_.response_timeout = timeout;
  set_timeout(ctx_, timeout);
}

caf::error link::failure(int err) const {
  const auto code = classify_errno(err);
  if (code == modbus::modbus_errc::timeout)
    return make_error(code, "no answer within " + std::to_string(settings_.response_timeout.count()) + " ms");
  return make_error(code, modbus_strerror(err));
}

caf::error link::select_unit(std::uint8_t unit) {
  if (modbus_set_slave(ctx_, unit) != 0)
    return make_error(modbus::modbus_errc::bad_value, "unit id " + std::to_string(unit) + " out of range");
  return {};
}

void link::wait_silent_interval() {
  if (silent_interval_.count() == 0)
    return;
  const auto ready = last_frame_end_ + silent_interval_;
  if (auto now = steady_clock::now(); now < ready)
    std::this_thread::sleep_for(ready - now);
}

void link::mark_end_of_frame() {
  last_frame_end_ = steady_clock::now();
}

void link::recover_after(int err) {
  const auto code = classify_errno(err);
  // An exception is a complete reply and a failed line is reopened; anything else (a timeout, a garbled or
  // foreign reply) may leave bytes behind that would be taken as the answer to the next request.
  if (!modbus::is_exception(code) && code != modbus::modbus_errc::io_error)
    flush();
}

void link::flush() {
  if (settings_.what == link_settings::kind::rtu_serial)
    modbus_flush(ctx_);
  else
    drain_socket(fd());
  mark_end_of_frame();
}

caf::expected<std::vector<std::uint16_t>> link::read(std::uint8_t unit, modbus::table table, std::uint16_t address,
                                                     std::uint16_t count) {
  if (auto err = select_unit(unit))
    return err;
  wait_silent_interval();
  std::vector<std::uint16_t> out(count);
  int rc = -1;
  if (modbus::is_bit_table(table)) {
    std::vector<std::uint8_t> bits(count);
    rc = table == modbus::table::coil ? modbus_read_bits(ctx_, address, count, bits.data())
                                      : modbus_read_input_bits(ctx_, address, count, bits.data());
    std::copy(bits.begin(), bits.end(), out.begin());
  } else {
    rc = table == modbus::table::holding ? modbus_read_registers(ctx_, address, count, out.data())
                                         : modbus_read_input_registers(ctx_, address, count, out.data());
  }
  const int err = errno;
  mark_end_of_frame();
  ++totals_.transactions;
  totals_.bytes_out += settings_.rtu() ? 8 : 12; // unit, function, address, count and CRC, or MBAP and the same PDU
  if (rc < 0) {
    recover_after(err);
    return failure(err);
  }
  totals_.bytes_in += (settings_.rtu() ? 5 : 9) + (modbus::is_bit_table(table) ? (count + 7u) / 8u : 2u * count);
  return out;
}

caf::error link::write_registers(std::uint8_t unit, std::uint16_t address, std::span<const std::uint16_t> values) {
  if (auto err = select_unit(unit))
    return err;
  wait_silent_interval();
  const int rc = values.size() == 1 ? modbus_write_register(ctx_, address, values[0])
                                    : modbus_write_registers(ctx_, address, static_cast<int>(values.size()),
                                                             values.data());
  const int err = errno;
  mark_end_of_frame();
  ++totals_.transactions;
  if (rc < 0) {
    recover_after(err);
    return failure(err);
  }
  return {};
}

caf::error link::write_coils(std::uint8_t unit, std::uint16_t address, std::span<const std::uint16_t> values) {
  if (auto err = select_unit(unit))
    return err;
  wait_silent_interval();
  std::vector<std::uint8_t> bits(values.begin(), values.end());
  const int rc = bits.size() == 1 ? modbus_write_bit(ctx_, address, bits[0])
                                  : modbus_write_bits(ctx_, address, static_cast<int>(bits.size()), bits.data());
  const int err = errno;
  mark_end_of_frame();
  ++totals_.transactions;
  if (rc < 0) {
    recover_after(err);
    return failure(err);
  }
  return {};
}

caf::expected<std::string> link::exchange(std::string_view frame, std::size_t expected, std::size_t min_reply,
                                          milliseconds timeout) {
  wait_silent_interval();
  if (timeout.count() == 0)
    timeout = settings_.response_timeout;
  if (auto err = write_fully(fd(), frame, timeout))
    return err;
  totals_.bytes_out += frame.size();
  // After the first byte, a gap longer than a few characters ends a short reply (a status frame in place of data).
  const auto gap = std::max(milliseconds{20}, duration_cast<milliseconds>(silent_interval_ * 4));
  auto reply = read_reply(fd(), expected, min_reply, timeout, gap);
  mark_end_of_frame();
  ++totals_.transactions;
  if (!reply) {
    flush();
    return reply.error();
  }
  totals_.bytes_in += reply->size();
  return reply;
}

} // namespace meterhub::modbus_link

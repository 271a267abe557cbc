#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/modbus/error.hpp"
#include "meterhub/modbus/value.hpp"
#include "meterhub/transport/transport.hpp"

struct _modbus; // libmodbus's context, kept out of every other header

/// One field-bus line on libmodbus, the wire layer for Modbus RTU and TCP: an RS-485 port, an RS-485 gateway that
/// passes RTU frames through TCP unchanged ("RTU over TCP"), or a Modbus TCP connection. Blocking calls with timeouts
/// for a detached line actor. Mercury 23x meters that share an RS-485 line with Modbus devices talk through the same
/// port with `exchange`, so one owner serialises every transaction on the half-duplex bus.
namespace meterhub::modbus_link {

/// Where a line is and how to talk on it.
struct link_settings {
  enum class kind : std::uint8_t {
    rtu_serial, ///< "/dev/ttyUSB0": Modbus RTU on a serial port
    rtu_tcp,    ///< "rtu+tcp://host:port": RTU frames through a transparent serial gateway or converter
    tcp,        ///< "tcp://host:port": Modbus TCP (MBAP), one or more unit ids behind it
  };
  kind what = kind::tcp;
  std::string path; ///< rtu_serial
  std::string host; ///< rtu_tcp, tcp
  std::uint16_t port = 502;
  transport::serial_settings serial{9600, 8, transport::parity::none, 1};
  std::chrono::milliseconds response_timeout{500};
  std::chrono::milliseconds connect_timeout{3000};

  /// "/dev/ttyUSB0", "tcp://10.0.0.5:502" (or "10.0.0.5:502"), "rtu+tcp://10.0.0.6:4001"; nullopt when malformed.
  static std::optional<link_settings> parse_port(std::string_view text);
  /// The port as `parse_port` reads it.
  std::string port_text() const;
  /// True for the two RTU kinds (CRC framing, one transaction at a time on a shared bus, silent intervals).
  bool rtu() const noexcept { return what != kind::tcp; }
};

/// Byte and transaction totals of a link, for line-efficiency figures and /metrics.
struct link_totals {
  std::uint64_t transactions = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t bytes_in = 0;
};

/// An open line. Errors are `modbus_errc` values: the Modbus exception the device answered (`illegal_data_address`,
/// ...), `timeout`, `bad_frame` (CRC, wrong unit or function in the reply), or `io_error` when the line itself failed
/// (the caller then closes it and reopens with backoff).
class link {
public:
  static caf::expected<std::unique_ptr<link>> open(const link_settings& settings);
  ~link();
  link(const link&) = delete;
  link& operator=(const link&) = delete;

  /// Reads `count` registers (holding, input) or bits (coil, discrete input; one 0/1 word each) from `unit`.
  caf::expected<std::vector<std::uint16_t>> read(std::uint8_t unit, modbus::table table, std::uint16_t address,
                                                 std::uint16_t count);

  /// Writes holding registers (function 6 for one, 16 for several).
  caf::error write_registers(std::uint8_t unit, std::uint16_t address, std::span<const std::uint16_t> values);

  /// Writes coils (function 5 for one, 15 for several); each value 0 or 1.
  caf::error write_coils(std::uint8_t unit, std::uint16_t address, std::span<const std::uint16_t> values);

  /// A raw exchange for a protocol that shares the bus (Mercury 23x): waits the silent interval, sends `frame`,
  /// and reads until `expected` bytes arrived, or `min_reply` bytes were followed by silence (a short status reply),
  /// or the response timeout ran out with nothing. `timeout` 0 takes the line's response timeout.
  caf::expected<std::string> exchange(std::string_view frame, std::size_t expected, std::size_t min_reply,
                                      std::chrono::milliseconds timeout = {});

  void set_response_timeout(std::chrono::milliseconds timeout);
  /// Discards whatever the line still holds (a late reply after a timeout), so it cannot answer the next request.
  void flush();

  const link_settings& settings() const noexcept { return settings_; }
  const link_totals& totals() const noexcept { return totals_; }
  /// "/dev/ttyUSB0 9600 8N1", "tcp://10.0.0.5:502".
  std::string describe() const;

private:
  link(link_settings settings, _modbus* ctx);
  void wait_silent_interval();
  void mark_end_of_frame();
  caf::error failure(int err) const;
  void recover_after(int err);
  caf::error select_unit(std::uint8_t unit);
  int fd() const;

  link_settings settings_;
  _modbus* ctx_;
  link_totals totals_;
  std::chrono::microseconds silent_interval_{0};
  std::chrono::steady_clock::time_point last_frame_end_{};
};

/// The modbus_errc an errno left by libmodbus stands for (exceptions, CRC, timeouts, line failures).
modbus::modbus_errc classify_errno(int err) noexcept;

} // namespace meterhub::modbus_link

#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/core/error.hpp"

/// Blocking byte streams with timeouts for the adapters' line actors (which run detached, so blocking is right):
/// serial ports via termios, TCP clients (ser2net, ESP bridges), TCP listeners, and pseudo-terminals for the
/// simulators and tests.
namespace meterhub::transport {

enum class transport_errc : std::uint8_t {
  cannot_open = 1, ///< the device or address could not be opened (message names it and the errno text)
  bad_settings,    ///< unsupported baud rate or line settings
  closed,          ///< the peer closed the connection, or the device went away
  io_error,        ///< read or write failed
  timeout,         ///< a write or connect did not finish in time
};

const char* to_string(transport_errc code) noexcept;

/// A connected byte stream that owns its file descriptor.
class byte_stream {
public:
  virtual ~byte_stream();
  byte_stream(const byte_stream&) = delete;
  byte_stream& operator=(const byte_stream&) = delete;

  /// Reads what is available, waiting at most `timeout`: 0 bytes means the time ran out; a closed peer is
  /// `transport_errc::closed`.
  caf::expected<std::size_t> read_some(std::span<char> buffer, std::chrono::milliseconds timeout);

  /// Writes everything or fails; `timeout` bounds the whole write.
  caf::error write_all(std::string_view bytes, std::chrono::milliseconds timeout);

  /// What this stream is connected to, for log lines ("/dev/ttyUSB0", "tcp://10.0.0.5:2001").
  const std::string& describe() const noexcept { return name_; }

  /// Reprograms the line rate (IEC 62056-21 optical heads start at 300 Bd and switch after the option select).
  /// Streams without a line rate of their own (TCP, a pty's master side) accept and ignore it.
  virtual caf::error set_baud(unsigned baud);

  /// Waits until everything written has left the port, so a rate change does not cut the last bytes; immediate
  /// for streams without a UART.
  virtual caf::error drain();

  int fd() const noexcept { return fd_; }
  void close();

protected:
  byte_stream(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

private:
  int fd_;
  std::string name_;
};

enum class parity : std::uint8_t { none, even, odd };

/// Serial line settings.
struct serial_settings {
  unsigned baud = 115200;
  unsigned data_bits = 8;
  transport::parity parity = parity::none;
  unsigned stop_bits = 1;

  /// "115200 8N1", "9600 7E1", "19200 8E2"; nullopt when malformed or the baud rate is not a standard one.
  static std::optional<serial_settings> parse(std::string_view text);
  std::string to_string() const;
};

/// Opens a serial device in raw mode (also works on a pty slave).
caf::expected<std::unique_ptr<byte_stream>> open_serial(const std::string& path, const serial_settings& settings);

/// Connects to host:port within `timeout`, with TCP_NODELAY and keepalive.
caf::expected<std::unique_ptr<byte_stream>> connect_tcp(const std::string& host, std::uint16_t port,
                                                        std::chrono::milliseconds timeout);

/// A listening TCP socket.
class tcp_listener {
public:
  /// Binds host:port; port 0 picks a free one (see `port()`).
  static caf::expected<std::unique_ptr<tcp_listener>> bind(const std::string& host, std::uint16_t port);
  ~tcp_listener();
  std::uint16_t port() const noexcept { return port_; }
  /// The next connection, or nullptr when `timeout` ran out.
  caf::expected<std::unique_ptr<byte_stream>> accept(std::chrono::milliseconds timeout);

private:
  tcp_listener(int fd, std::uint16_t port) : fd_(fd), port_(port) {}
  int fd_;
  std::uint16_t port_;
};

/// A pseudo-terminal: the master side as a stream, and the path of the slave side that a meter adapter opens as
/// if it were a serial port.
struct pty_pair {
  std::unique_ptr<byte_stream> master;
  std::string slave_path;
};

/// Creates a pty in raw mode. The master keeps a handle on the slave open, so writes before a reader attaches do
/// not fail with EIO and a reader that goes away does not close the pty.
caf::expected<pty_pair> open_pty();

/// Where a line is: a serial device or a TCP endpoint.
struct endpoint {
  bool tcp = false;
  std::string path; ///< serial device
  std::string host; ///< TCP
  std::uint16_t port = 0;
};

/// "/dev/ttyUSB0" → serial; "tcp://host:port" or "host:port" → TCP; nullopt when malformed.
std::optional<endpoint> parse_endpoint(std::string_view text);

/// Opens an endpoint: serial with `settings`, or TCP with `timeout`.
caf::expected<std::unique_ptr<byte_stream>> open_endpoint(const endpoint& ep, const serial_settings& settings,
                                                          std::chrono::milliseconds timeout);

} // namespace meterhub::transport

CAF_ERROR_CODE_ENUM(meterhub::transport::transport_errc, "transport")

#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/modbus_export/image.hpp"
#include "meterhub/modbus_export/request.hpp"

/// The Modbus TCP server (slave) of the SCADA export, on libmodbus: it listens (modbus_new_tcp_pi +
/// modbus_tcp_pi_listen), and answers every request with modbus_reply (data and write echoes, from a mapping that
/// points at the registers copied out of the image) or modbus_reply_exception. One thread serves every client
/// with poll(): many SCADA masters at once, none able to stall the others.
///
/// Reading is done here, not with modbus_receive: libmodbus's receive blocks its caller until a whole frame is in
/// (its byte timeout restarts with every byte), so one slow or hostile client dribbling a frame would stop every
/// other client. Each connection instead buffers what arrives, frames it by the MBAP length (mbap_frame_size), and a
/// frame still incomplete after `frame_timeout` closes the connection.
///
/// Security: Modbus TCP has no authentication and libmodbus no TLS. The server binds 127.0.0.1 unless told
/// otherwise; open it to a SCADA network only behind a firewall or VPN, with `allow` listing the SCADA hosts.
namespace meterhub::modbus_export {

/// Where and how to serve.
struct server_settings {
  std::string bind_address = "127.0.0.1";     ///< an address or host name; "0.0.0.0" or "::" for every interface
  std::uint16_t port = 502;                   ///< 0: any free port (server::port() tells which)
  std::vector<std::string> allow;             ///< CIDR blocks that may connect; empty: everyone who can reach it
  std::size_t max_clients = 32;               ///< connections served at once; more are accepted and closed
  std::chrono::milliseconds idle_timeout{300'000}; ///< a client sending no request this long is closed; 0: never
  std::chrono::milliseconds frame_timeout{5'000}; ///< a started request must be complete within this
  int backlog = 64;                           ///< listen(2) backlog
};

/// Decides a write that reached a command: true accepts it (the server acknowledges the write, and a holding
/// command reads back the written registers), false refuses it (exception 0x04, server device failure). Called on
/// the server thread, one write at a time, so it must return quickly: forward the command to the bus actor and
/// answer whether it was taken, not whether the device carried it out. An exception it throws counts as false.
using write_handler = std::function<bool(const write_request&)>;

/// Counters since the start, for /metrics.
struct server_stats {
  std::uint64_t requests = 0;  ///< whole requests taken, answered or not
  std::uint64_t reads = 0;     ///< reads answered with data
  std::uint64_t writes = 0;    ///< writes acknowledged
  std::array<std::uint64_t, 12> exceptions{}; ///< exception responses by code (index = code, 1..11)
  std::uint64_t malformed = 0; ///< malformed PDUs (answered 0x03) and non-Modbus streams (closed)
  std::uint64_t clients = 0;   ///< connected now
  std::uint64_t accepted = 0;  ///< connections served since the start
  std::uint64_t refused_not_allowed = 0; ///< connections from addresses outside `allow`, closed at once
  std::uint64_t refused_limit = 0;       ///< connections beyond max_clients, closed at once
  std::uint64_t closed_idle = 0;         ///< connections closed for idle_timeout or frame_timeout
  std::uint64_t send_failures = 0;       ///< answers that could not be sent (the connection is closed)
};

/// A running server. Stopped by stop() or the destructor: both close every connection and join the thread.
class server {
public:
  /// Validates `settings` (allowlist entries, max_clients ≥ 1, frame_timeout > 0), listens, and starts the thread.
  /// Errors: `bad_settings` with the key and reason, `io_error` when the address cannot be bound (in use, not
  /// local, not resolvable) with the errno text.
  static caf::expected<std::unique_ptr<server>> start(server_settings settings, std::shared_ptr<shared_image> image,
                                                      write_handler on_write = {});

  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// The port bound (the chosen one when settings.port was 0).
  std::uint16_t port() const noexcept;

  /// The counters now; safe from any thread.
  server_stats stats() const noexcept;

  /// Closes the listening socket and every connection and joins the thread; returns at once when already stopped.
  /// Safe from any thread but the server's own (the write handler must not call it).
  void stop() noexcept;

  struct impl;

private:
  explicit server(std::unique_ptr<impl> state);
  std::unique_ptr<impl> impl_;
};

} // namespace meterhub::modbus_export

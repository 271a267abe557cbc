#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <caf/expected.hpp>

#include "line_loop.hpp"

/// How the imitator reaches its reading side: it listens on TCP, dials out (a service in "server mode", as a GSM
/// modem or a converter in client mode would), or sits behind a pty. Each runs until `ctx.stop`.
namespace meterhub::iec61107sim {

/// A bound TCP listener, serving each client on its own thread (concurrent sessions, shared meters).
class tcp_server {
public:
  /// Binds host:port (port 0 = any free one).
  static caf::expected<std::unique_ptr<tcp_server>> bind(const std::string& host, std::uint16_t port);
  std::uint16_t port() const noexcept { return listener_->port(); }
  /// Accepts and serves clients until the stop flag; joins the client threads before returning.
  void run(line_context& ctx);

private:
  explicit tcp_server(std::unique_ptr<transport::tcp_listener> listener) : listener_(std::move(listener)) {}
  std::unique_ptr<transport::tcp_listener> listener_;
};

struct dial_settings {
  std::string host;
  std::uint16_t port = 0;
  std::string greeting;                     ///< sent with CR LF after connecting, e.g. a modem's "CONNECT 9600"
  std::chrono::milliseconds redial{1000};   ///< pause before dialling again after a failure or a hang-up
};

/// Dials `settings`, serves the connection, and dials again when it ends.
void run_dialer(const dial_settings& settings, line_context& ctx);

/// Serves a pty master until the stop flag; a dropped session starts over on the same pty.
void run_pty(transport::byte_stream& master, line_context& ctx);

} // namespace meterhub::iec61107sim

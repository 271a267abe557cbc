#pragma once

#include <cstdint>
#include <string>

#include <caf/expected.hpp>

/// Non-blocking listening sockets for the simulator's one event loop. transport::tcp_listener serves one blocking
/// line actor (accept with a timeout, no descriptor to wait on); a loop over hundreds of ports needs the
/// descriptor in epoll, a long backlog for bursts of connects, and accepts that never block.
namespace meterhub::modbus_sim {

class listening_socket {
public:
  /// Binds host:port (port 0: any free one) and listens with a backlog of 512.
  static caf::expected<listening_socket> bind(const std::string& host, std::uint16_t port);

  listening_socket(listening_socket&& other) noexcept;
  listening_socket& operator=(listening_socket&& other) noexcept;
  listening_socket(const listening_socket&) = delete;
  ~listening_socket();

  int fd() const noexcept { return fd_; }
  std::uint16_t port() const noexcept { return port_; }
  const std::string& host() const noexcept { return host_; }

  /// The next waiting connection, non-blocking with TCP_NODELAY; -1 when none is waiting.
  int accept() const noexcept;

private:
  listening_socket(int fd, std::string host, std::uint16_t port) : fd_(fd), port_(port), host_(std::move(host)) {}
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::string host_;
};

/// Sets O_NONBLOCK; false when fcntl fails.
bool set_nonblocking(int fd) noexcept;

} // namespace meterhub::modbus_sim

#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/transport/transport.hpp"

namespace meterhub::p1sim {

/// Where the simulator's bytes go: a pty it created, every client of a TCP port, or an existing serial port.
/// A reader that goes away never stops the simulator.
class outputs {
public:
  ~outputs();

  /// Creates a pty; returns the slave path for the adapter to open.
  caf::expected<std::string> add_pty();
  /// Listens on host:port (0 = any); returns the bound port. Clients are accepted in the background.
  caf::expected<std::uint16_t> add_tcp(const std::string& host, std::uint16_t port);
  caf::error add_serial(const std::string& path, const transport::serial_settings& settings);

  /// Sends to every output and returns to how many it went; a failed TCP client is dropped.
  int send(const std::string& bytes);

private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<transport::byte_stream>> fixed_; ///< pty masters and serial ports
  std::vector<std::unique_ptr<transport::byte_stream>> clients_;
  std::unique_ptr<transport::tcp_listener> listener_;
  std::thread acceptor_;
  bool stopping_ = false;
};

} // namespace meterhub::p1sim

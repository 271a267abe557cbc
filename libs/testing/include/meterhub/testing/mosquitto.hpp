#pragma once

#include <memory>
#include <string>

#include "meterhub/testing/process.hpp"

namespace meterhub::testing {

/// A real Mosquitto 2 broker on a free loopback port, with persistence in its own folder so that a restart keeps
/// persistent sessions and their queued messages, as a production broker would.
class mosquitto_broker {
public:
  explicit mosquitto_broker(const std::filesystem::path& dir);
  ~mosquitto_broker();

  int port() const noexcept { return port_; }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

  /// Starts (again) on the same port; waits until it accepts connections.
  void start();
  /// Stops it (SIGTERM: Mosquitto saves its persistence file).
  void stop();
  bool running() const noexcept { return proc_ != nullptr; }

private:
  std::filesystem::path dir_;
  int port_;
  std::unique_ptr<process> proc_;
  int generation_ = 0;
};

} // namespace meterhub::testing

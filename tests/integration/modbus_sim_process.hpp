#pragma once

#include <memory>
#include <string>
#include <vector>

#include "meterhub/testing/process.hpp"

/// meterhub-modbus-sim as a test's process, with its control channel: the simulator runs with --control-stdin fed
/// from a fifo this fixture holds open, so that a test switches faults while clients poll. Shared by the simulator's
/// own tests (mbpoll, pymodbus) and the shop tests (meterhub-modbus over the simulator).
namespace meterhub::it {

/// The rest of every stdout line of `proc` that starts with `marker` ("tcp: " → "127.0.0.1:40123").
std::vector<std::string> printed(const testing::process& proc, const std::string& marker);

/// The port of "host:port".
int port_of(const std::string& host_port);

class modbus_simulator {
public:
  /// Starts it with `args` and waits until it printed `lines` "tcp: ", "rtu-tcp: " and "pty: " lines in all.
  modbus_simulator(const testing::temp_dir& dir, std::vector<std::string> args, std::size_t lines);
  ~modbus_simulator();
  modbus_simulator(const modbus_simulator&) = delete;
  modbus_simulator& operator=(const modbus_simulator&) = delete;

  /// Every line the simulator serves, in the order tcp, rtu-tcp, pty.
  std::vector<std::string> where() const;
  int tcp_port(std::size_t i = 0) const { return port_of(printed(*proc_, "tcp: ").at(i)); }
  std::vector<std::string> tcp() const { return printed(*proc_, "tcp: "); }
  std::string rtu_tcp() const { return printed(*proc_, "rtu-tcp: ").at(0); }
  std::string pty() const { return printed(*proc_, "pty: ").at(0); }

  /// Sends one control line; the simulator's answer ("faults: ..." or "error: ...").
  std::string control(const std::string& line);

  std::string log() const { return proc_->stderr_text(); }
  /// SIGKILL: the simulator's box lost power.
  void kill_hard() { proc_->kill_hard(); }

private:
  std::unique_ptr<testing::process> proc_;
  int control_ = -1;
};

} // namespace meterhub::it

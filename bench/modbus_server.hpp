#pragma once

#include <atomic>
#include <cstdint>

#include <sys/types.h>

/// The floor meterhub-modbus is measured against: the smallest Modbus TCP server libmodbus makes, a select loop that
/// answers every unit id (libmodbus's TCP backend filters none) from one register map, in its own process so that its
/// CPU time is its own.
namespace meterhub::bench {

/// A forked server process on 127.0.0.1; stopped (SIGTERM, reaped) on destruction.
class modbus_floor_server {
public:
  /// Listens on a free loopback port, then forks the loop. `registers` holding registers hold float32 values (high
  /// word first) 1.5, 2.5, ... so that every point decodes to a finite number. Throws std::runtime_error when it
  /// cannot listen or fork.
  explicit modbus_floor_server(unsigned registers);
  ~modbus_floor_server();
  modbus_floor_server(const modbus_floor_server&) = delete;
  modbus_floor_server& operator=(const modbus_floor_server&) = delete;

  int port() const noexcept { return port_; }
  pid_t pid() const noexcept { return pid_; }
  /// Requests answered so far (a counter in memory shared with the child).
  std::uint64_t answered() const noexcept { return answered_->load(std::memory_order_relaxed); }

private:
  int port_ = 0;
  pid_t pid_ = -1;
  std::atomic<std::uint64_t>* answered_ = nullptr;
};

} // namespace meterhub::bench

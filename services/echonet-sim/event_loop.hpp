#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include <spdlog/logger.h>

#include "module.hpp"
#include "meterhub/transport/transport.hpp"

/// The simulator's I/O: one poll loop over the pty's master side and (with --control-stdin) stdin, with a timeout
/// that wakes it for the model's next scheduled action (scan results, the join, a delayed answer, re-authentication,
/// the transmit limit, the meter's :00 / :30 push). Every line the model writes goes out in one write (spec §9.1).
namespace meterhub::echonet_sim {

/// Milliseconds since the epoch, UTC, of the host clock: the only clock the program reads.
std::int64_t host_now_ms();

class event_loop {
public:
  event_loop(transport::byte_stream& pty, module& m, meter& mt, std::shared_ptr<spdlog::logger> log)
    : pty_(pty), module_(m), meter_(mt), log_(std::move(log)) {}

  /// Serves until `stop` is set (SIGINT, SIGTERM). With `control_stdin`, lines on stdin are control lines, each
  /// answered with one line on stdout; end of input stops reading them, not the simulator.
  void run(const std::atomic<bool>& stop, bool control_stdin);

private:
  void read_pty();
  bool read_control();
  void flush();

  transport::byte_stream& pty_;
  module& module_;
  meter& meter_;
  std::shared_ptr<spdlog::logger> log_;
  std::string control_pending_;
  std::uint64_t write_failures_ = 0;
};

} // namespace meterhub::echonet_sim

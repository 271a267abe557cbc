#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

#include <spdlog/logger.h>

#include "faults.hpp"
#include "host_clock.hpp"
#include "meter_model.hpp"
#include "meterhub/transport/transport.hpp"

/// The imitator's I/O: bytes from a line into the message reader, messages into the model, replies through the
/// faults onto the line. One thread per line (a pty, a TCP client, a dialled connection); the meters are shared.
namespace meterhub::iec61107sim {

/// The fault plan every line reads, changed from the control thread and from SIGUSR1.
class fault_control {
public:
  explicit fault_control(fault_plan initial) : plan_(initial) {}
  /// The plan in force, with silence at 100 % while SIGUSR1 has it toggled on.
  fault_plan current() const;
  /// A control line from stdin; returns the answer to print.
  std::string run(std::string_view line);
  /// Async-signal-safe: flips the SIGUSR1 silence.
  void toggle_silence() noexcept { silenced_ = !silenced_; }

private:
  mutable std::mutex mutex_;
  fault_plan plan_;
  std::atomic<bool> silenced_{false};
};

/// What all lines share.
struct line_context {
  meter_model& model;
  std::mutex& model_mutex; ///< one message at a time across lines: they share the meters
  fault_control& faults;
  const sim_clock& clock;
  const std::atomic<bool>& stop;
  std::shared_ptr<spdlog::logger> log;
  std::chrono::milliseconds reply_delay{0};  ///< before every reply
  std::chrono::milliseconds slow_delay{2500}; ///< the slow fault's delay
  std::uint64_t seed = 1;                     ///< fault rolls: line n uses seed + n
};

enum class line_end : std::uint8_t {
  stopped, ///< the program is stopping
  closed,  ///< the peer went away or the line failed
  dropped, ///< the drop fault: the caller closes the connection (a pty just starts over)
};

/// Serves one line until it ends; every call starts with no session.
line_end serve_line(transport::byte_stream& line, line_context& ctx, std::uint64_t seed);

/// Sleeps `d`, or less when `stop` is set.
void sleep_unless(const std::atomic<bool>& stop, std::chrono::milliseconds d);

} // namespace meterhub::iec61107sim

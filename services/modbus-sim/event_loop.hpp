#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <spdlog/logger.h>

#include "faults.hpp"
#include "meterhub/modbus/splitter.hpp"
#include "meterhub/modbus/timing.hpp"
#include "rtu_reader.hpp"
#include "sim_clock.hpp"
#include "sockets.hpp"
#include "station.hpp"

/// The simulator's I/O: one epoll loop in one thread for every listening port, connection and pty, so thousands
/// of devices on hundreds of ports cost no threads. Frames are cut (MBAP by the splitter, RTU by rtu_reader),
/// answered by the line's station, and the answers go out now, after the slow fault's delay, or paced at the
/// line's baud rate, always in order per connection.
namespace meterhub::modbus_sim {

/// A line as the loop runs it.
struct running_line {
  line_station station;
  /// The line's character format; baud 0: answers are not paced (a pty or socket has no line rate).
  modbus::serial_format format{0, 8, false, 1};
  random_source rng; ///< fault rolls
};

struct loop_settings {
  std::chrono::milliseconds slow_delay{2000};
  std::chrono::milliseconds stats_interval{60'000}; ///< how often the request counts are logged
};

class event_loop {
public:
  event_loop(std::vector<running_line>& lines, const fault_plan& faults, const sim_clock& clock,
             std::shared_ptr<spdlog::logger> log, loop_settings settings);
  ~event_loop();
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;

  /// Serves connections to `socket` on line `line` (MBAP or raw RTU as the line's station frames them).
  caf::error listen(std::size_t line, listening_socket socket);
  /// Serves the pty master `fd` (owned by the caller) as line `line`.
  caf::error attach_pty(std::size_t line, int fd, std::string name);
  /// Reads control lines from stdin and prints what `run` answers.
  void control_from_stdin(std::function<std::string(std::string_view)> run);

  /// Runs until `stop` is set; `silenced` is SIGUSR1's "no answer for all".
  void run(const std::atomic<bool>& stop, const std::atomic<bool>& silenced);

private:
  using clock = std::chrono::steady_clock;

  /// A connection or a pty.
  struct endpoint {
    int fd = -1;
    std::size_t line = 0;
    bool connection = true; ///< accepted from a listener (closed on drop), false for a pty
    std::string name;
    std::optional<modbus::frame_splitter> mbap;
    std::optional<rtu_reader> rtu;
    std::vector<std::uint8_t> out;
    clock::time_point last_byte{};
    clock::time_point busy_until{};
  };
  /// An answer waiting for its time.
  struct pending {
    clock::time_point due;
    std::uint64_t endpoint;
    std::vector<std::uint8_t> bytes;
    bool operator>(const pending& o) const noexcept { return due > o.due; }
  };

  caf::error watch(std::uint64_t id, int fd);
  void on_event(std::uint64_t id, std::uint32_t events, const std::atomic<bool>& silenced);
  void accept_all(std::uint64_t listener);
  void read_endpoint(std::uint64_t id, const std::atomic<bool>& silenced);
  void cut_frames(std::uint64_t id, endpoint& e, const std::atomic<bool>& silenced);
  void answer(std::uint64_t id, endpoint& e, std::span<const std::uint8_t> frame, bool mercury, bool silenced);
  void send(std::uint64_t id, endpoint& e, std::vector<std::uint8_t> bytes);
  void flush(std::uint64_t id, endpoint& e);
  void close_endpoint(std::uint64_t id, const char* why);
  void run_timers();
  void check_silences();
  void read_stdin();
  void log_stats();
  int timeout_ms() const;

  std::vector<running_line>& lines_;
  const fault_plan& faults_;
  const sim_clock& clock_;
  std::shared_ptr<spdlog::logger> log_;
  loop_settings settings_;
  int epoll_ = -1;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::pair<std::size_t, listening_socket>> listeners_;
  std::unordered_map<std::uint64_t, endpoint> endpoints_;
  std::unordered_set<std::uint64_t> rtu_pending_; ///< RTU endpoints with bytes waiting for their frame's end
  std::priority_queue<pending, std::vector<pending>, std::greater<>> timers_;
  std::function<std::string(std::string_view)> control_;
  std::string stdin_buffer_;
  std::uint64_t frames_ = 0, answers_ = 0, faulted_ = 0;
  clock::time_point stats_at_ = clock::now();
};

} // namespace meterhub::modbus_sim

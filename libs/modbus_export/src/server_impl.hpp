#pragma once

// The server's state, shared by server.cpp (listening, the poll loop, accepting, stopping) and connection.cpp
// (reading, framing and answering one client).

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "meterhub/modbus_export/allowlist.hpp"
#include "meterhub/modbus_export/server.hpp"

struct _modbus;

namespace meterhub::modbus_export {

using clock_type = std::chrono::steady_clock;

/// The counters of server_stats, written by the server thread and read by any.
struct server_counters {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> reads{0};
  std::atomic<std::uint64_t> writes{0};
  std::array<std::atomic<std::uint64_t>, 12> exceptions{};
  std::atomic<std::uint64_t> malformed{0};
  std::atomic<std::uint64_t> clients{0};
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> refused_not_allowed{0};
  std::atomic<std::uint64_t> refused_limit{0};
  std::atomic<std::uint64_t> closed_idle{0};
  std::atomic<std::uint64_t> send_failures{0};

  static void bump(std::atomic<std::uint64_t>& counter) noexcept { counter.fetch_add(1, std::memory_order_relaxed); }
  server_stats snapshot() const noexcept;
};

/// One SCADA client.
struct connection {
  int fd = -1;
  std::vector<std::uint8_t> pending;   ///< bytes received and not yet a whole request
  clock_type::time_point last_request; ///< or the connect
  clock_type::time_point partial_since; ///< when `pending` became non-empty
};

struct server::impl {
  server_settings settings;
  allowlist allowed;
  std::shared_ptr<shared_image> image;
  std::shared_ptr<const export_layout> layout;
  write_handler on_write;
  _modbus* ctx = nullptr; ///< builds and sends the answers (its socket set per client)
  int listen_fd = -1;
  std::array<int, 2> wake{-1, -1}; ///< self-pipe: stop() writes, the loop wakes and ends
  std::uint16_t port = 0;
  std::vector<connection> clients;
  clock_type::time_point accept_paused_until{};
  server_counters counters;
  std::thread thread;
  std::mutex stop_mutex;
  bool stopped = false;

  ~impl();

  /// The poll loop, until stop().
  void run();
  void stop() noexcept;
  void accept_waiting();
  /// Admits or refuses one accepted socket.
  void admit(int fd, std::span<const std::uint8_t> address);
  /// Closes connections past their idle or frame deadline.
  void expire(clock_type::time_point now);
  int poll_timeout_ms(clock_type::time_point now) const;
  void close_connection(connection& c) noexcept;

  // connection.cpp
  /// Reads what the client sent and answers every whole request; false when the connection must be closed.
  bool serve(connection& c);
  /// Answers one request; false when the answer could not be sent.
  bool answer(connection& c, std::span<const std::uint8_t> adu);
  int reply_read(std::span<const std::uint8_t> adu, const classified_request& d);
  int reply_write(std::span<const std::uint8_t> adu, const classified_request& d);
  int reply_exception(std::span<const std::uint8_t> adu, std::uint8_t code, bool malformed);
};

} // namespace meterhub::modbus_export

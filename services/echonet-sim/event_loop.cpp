#include "event_loop.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>

#include "control.hpp"

namespace meterhub::echonet_sim {

namespace {

constexpr std::int64_t max_sleep_ms = 200;

/// A line for the log: CR and LF shown, binary bytes as \xNN.
std::string printable(std::string_view bytes) {
  std::string out;
  for (const unsigned char c : bytes) {
    if (c == '\r')
      out += "\\r";
    else if (c == '\n')
      out += "\\n";
    else if (c < 0x20 || c >= 0x7F) {
      static constexpr char digits[] = "0123456789ABCDEF";
      out += "\\x";
      out += digits[c >> 4];
      out += digits[c & 15];
    } else
      out += static_cast<char>(c);
  }
  return out;
}

} // namespace

std::int64_t host_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

void event_loop::read_pty() {
  char buffer[4096];
  const auto n = ::read(pty_.fd(), buffer, sizeof buffer);
  if (n <= 0) {
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      log_->debug("{}: read: {}", pty_.describe(), std::strerror(errno));
    return;
  }
  const std::string_view bytes{buffer, static_cast<std::size_t>(n)};
  log_->debug("<< {}", printable(bytes));
  module_.feed(bytes, host_now_ms());
}

bool event_loop::read_control() {
  char buffer[1024];
  const auto n = ::read(STDIN_FILENO, buffer, sizeof buffer);
  if (n <= 0)
    return n < 0 && (errno == EAGAIN || errno == EINTR);
  control_pending_.append(buffer, static_cast<std::size_t>(n));
  for (auto nl = control_pending_.find('\n'); nl != std::string::npos; nl = control_pending_.find('\n')) {
    auto line = control_pending_.substr(0, nl);
    control_pending_.erase(0, nl + 1);
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.empty())
      continue;
    const auto answer = run_control_line(module_, meter_, line, host_now_ms());
    log_->info("control: {} -> {}", line, answer);
    std::cout << answer << std::endl;
    flush(); // the lines the control line caused go out before the next one is read
  }
  return true;
}

void event_loop::flush() {
  for (const auto& line : module_.take_output()) {
    log_->debug(">> {}", printable(line));
    // One write per line (spec §9.1); a client that stopped reading must not stall the loop for long.
    if (auto err = pty_.write_all(line, std::chrono::milliseconds{500})) {
      if (write_failures_++ % 100 == 0)
        log_->warn("{}: line dropped, nobody reads the pty ({} so far): {}", pty_.describe(), write_failures_,
                   describe(err));
    }
  }
}

void event_loop::run(const std::atomic<bool>& stop, bool control_stdin) {
  bool watch_stdin = control_stdin;
  while (!stop) {
    auto now = host_now_ms();
    module_.tick(now);
    flush();
    const auto timeout = std::clamp<std::int64_t>(module_.next_wakeup() - now, 0, max_sleep_ms);
    pollfd fds[2] = {{pty_.fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    const auto ready = ::poll(fds, watch_stdin ? 2 : 1, static_cast<int>(timeout));
    if (ready < 0 && errno != EINTR) {
      log_->error("poll: {}", std::strerror(errno));
      return;
    }
    if (ready <= 0)
      continue;
    if (fds[0].revents & POLLIN)
      read_pty();
    if (watch_stdin && (fds[1].revents & (POLLIN | POLLHUP)))
      watch_stdin = read_control();
    flush();
  }
}

} // namespace meterhub::echonet_sim

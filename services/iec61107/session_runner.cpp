#include "session_runner.hpp"

#include <array>
#include <thread>

namespace meterhub::iec61107_service {

namespace {

using iec61107::action;
using clock_type = std::chrono::steady_clock;

constexpr std::chrono::milliseconds write_timeout{5000};

/// Waits for bytes until the deadline; what the session wants next, or the line's error.
caf::expected<std::vector<action>> receive(transport::byte_stream& line, iec61107::session& s,
                                           std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  std::array<char, 512> buffer;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    if (left.count() <= 0)
      return s.on_timeout();
    auto got = line.read_some(buffer, left);
    if (!got)
      return std::move(got.error());
    if (*got == 0)
      continue;
    auto next = s.on_bytes({buffer.data(), *got});
    if (!next.empty())
      return next;
  }
}

/// Carries out one action; the actions that follow a receive or an idle, else an empty list.
caf::expected<std::vector<action>> carry_out(transport::byte_stream& line, iec61107::session& s, const action& a,
                                             const idle_handler& on_idle) {
  switch (a.what) {
    case action::kind::send:
      if (auto err = line.write_all(a.bytes, write_timeout))
        return err;
      return std::vector<action>{};
    case action::kind::drain:
      if (auto err = line.drain())
        return err;
      return std::vector<action>{};
    case action::kind::pause:
      std::this_thread::sleep_for(a.duration);
      return std::vector<action>{};
    case action::kind::set_baud:
      if (auto err = line.set_baud(static_cast<unsigned>(a.baud)))
        return err;
      return std::vector<action>{};
    case action::kind::receive:
      return receive(line, s, a.duration);
    case action::kind::idle:
      return on_idle ? on_idle(s) : s.close();
    case action::kind::finished:
      break;
  }
  return std::vector<action>{};
}

} // namespace

caf::error run_session(transport::byte_stream& line, iec61107::session& s, const idle_handler& on_idle) {
  auto actions = s.start();
  while (!actions.empty()) {
    std::vector<action> next;
    for (const auto& a : actions) {
      if (a.what == action::kind::finished)
        return {};
      auto more = carry_out(line, s, a, on_idle);
      if (!more)
        return std::move(more.error());
      if (!more->empty()) {
        next = std::move(*more);
        break;
      }
    }
    actions = std::move(next);
  }
  return {};
}

} // namespace meterhub::iec61107_service

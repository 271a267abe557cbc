#include "line_loop.hpp"

#include <array>
#include <optional>
#include <thread>

#include "meterhub/iec61107/message_reader.hpp"

namespace meterhub::iec61107sim {

using namespace std::chrono_literals;

namespace {

void log_reply(const line_context& ctx, const std::string& where, const reply& r) {
  if (r.event.empty())
    return;
  if (r.routine)
    ctx.log->debug("{}: {}", where, r.event);
  else
    ctx.log->info("{}: {}", where, r.event);
}

/// Answers one message; a value when the line must end.
std::optional<line_end> handle(transport::byte_stream& line, line_context& ctx, session_state& session,
                               const caf::expected<iec61107::message>& m, std::mt19937_64& rng) {
  reply r;
  {
    std::lock_guard<std::mutex> guard{ctx.model_mutex};
    r = ctx.model.answer(session, m, ctx.clock.now());
  }
  log_reply(ctx, line.describe(), r);
  if (r.bytes.empty())
    return std::nullopt;
  auto out = apply_faults(ctx.faults.current(), std::move(r.bytes), rng, ctx.slow_delay);
  if (!out.fault.empty())
    ctx.log->info("{}: fault {}", line.describe(), out.fault);
  if (out.drop)
    return line_end::dropped;
  sleep_unless(ctx.stop, ctx.reply_delay + out.delay);
  if (!out.bytes.empty())
    if (auto err = line.write_all(out.bytes, 2s)) {
      ctx.log->info("{}: write failed: {}", line.describe(), describe(err));
      return line_end::closed;
    }
  if (r.baud) // §1: the optical port switches 0.2 s after the ACK; a pty or a socket has no rate to change
    ctx.log->info("{}: continuing at {} Bd (a logged decision: nothing to reprogram here)", line.describe(), *r.baud);
  return std::nullopt;
}

} // namespace

fault_plan fault_control::current() const {
  std::lock_guard<std::mutex> guard{mutex_};
  fault_plan out = plan_;
  if (silenced_)
    out.percent[static_cast<std::size_t>(fault_kind::silence)] = 100;
  return out;
}

std::string fault_control::run(std::string_view line) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto answer = run_control_line(plan_, line);
  if (silenced_)
    answer += " (SIGUSR1 silence on)";
  return answer;
}

void sleep_unless(const std::atomic<bool>& stop, std::chrono::milliseconds d) {
  const auto until = std::chrono::steady_clock::now() + d;
  for (auto now = std::chrono::steady_clock::now(); !stop && now < until; now = std::chrono::steady_clock::now())
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - now, 50ms));
}

line_end serve_line(transport::byte_stream& line, line_context& ctx, std::uint64_t seed) {
  iec61107::reader_options options;
  options.role = iec61107::reader_role::meter;
  iec61107::message_reader reader{options};
  session_state session;
  std::mt19937_64 rng{seed};
  std::array<char, 1024> buffer{};
  while (!ctx.stop) {
    const auto n = line.read_some(buffer, 200ms);
    if (!n) {
      ctx.log->info("{}: {}", line.describe(), describe(n.error()));
      return line_end::closed;
    }
    reader.feed({buffer.data(), *n});
    while (auto m = reader.next())
      if (const auto end = handle(line, ctx, session, *m, rng))
        return *end;
  }
  return line_end::stopped;
}

} // namespace meterhub::iec61107sim

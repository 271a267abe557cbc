#include "meterhub/service/schedule.hpp"

#include <algorithm>
#include <limits>

namespace meterhub::service {

void poll_schedule::succeeded(std::int64_t now, std::chrono::milliseconds interval) {
  failures_in_row = 0;
  next_due_ms += interval.count();
  if (next_due_ms <= now)
    next_due_ms = now + interval.count(); // behind schedule: do not catch up in a burst
}

std::chrono::milliseconds poll_schedule::failed(std::int64_t now, std::chrono::milliseconds interval,
                                                 std::chrono::milliseconds max_backoff) {
  ++failures_in_row;
  auto backoff = interval;
  for (int i = 1; i < failures_in_row && backoff < max_backoff; ++i)
    backoff *= 2;
  backoff = std::min(backoff, std::max(max_backoff, interval));
  next_due_ms = now + backoff.count();
  return backoff;
}

std::optional<std::size_t> next_due(const std::vector<poll_schedule>& meters, std::int64_t now) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < meters.size(); ++i)
    if (meters[i].next_due_ms <= now && (!best || meters[i].next_due_ms < meters[*best].next_due_ms))
      best = i;
  return best;
}

std::chrono::milliseconds until_next_due(const std::vector<poll_schedule>& meters, std::int64_t now) {
  std::int64_t earliest = std::numeric_limits<std::int64_t>::max();
  for (const auto& m : meters)
    earliest = std::min(earliest, m.next_due_ms);
  return std::chrono::milliseconds{std::max<std::int64_t>(0, earliest - now)};
}

} // namespace meterhub::iec61107_service

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace meterhub::service {

/// When a meter is next due. A device that fails is retried at growing intervals (its poll interval doubled per
/// failure in a row, capped), so a dead device on a shared line costs its neighbours little (ARCHITECTURE §4).
struct poll_schedule {
  std::int64_t next_due_ms = 0;
  int failures_in_row = 0;

  /// Due again one interval after the previous due time, or after `now` when the poll ran late.
  void succeeded(std::int64_t now, std::chrono::milliseconds interval);
  /// Due again after the backoff; returns it.
  std::chrono::milliseconds failed(std::int64_t now, std::chrono::milliseconds interval,
                                   std::chrono::milliseconds max_backoff);
};

/// The meter to poll now: the one due earliest among those due; nullopt when none is due.
std::optional<std::size_t> next_due(const std::vector<poll_schedule>& meters, std::int64_t now);

/// How long until the next meter is due (0 when one is due now).
std::chrono::milliseconds until_next_due(const std::vector<poll_schedule>& meters, std::int64_t now);

} // namespace meterhub::iec61107_service

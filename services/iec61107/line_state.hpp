#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "archive_ledger.hpp"
#include "line_actor.hpp"
#include "session_runner.hpp"
#include "meterhub/core/reading.hpp"
#include "meterhub/iec61107/session.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/v1/command.pb.h"
#include "meterhub/v1/status.pb.h"
#include "meterhub/service/schedule.hpp"

// The inside of a line actor, shared by its files: the poll loop (line_actor.cpp), polling and publishing
// (line_poll.cpp) and commands (line_commands.cpp).
namespace meterhub::iec61107_service {

struct meter_counters {
  metrics::counter polls_ok, polls_failed, register_errors, archives_ok, archives_failed;
};

/// One meter of the line: its settings, schedule, what it told us, and its health as published.
struct meter_state {
  meter_settings cfg;
  meter_counters counters;
  std::set<std::string> refused; ///< registers the model does not have (error reply), not asked again
  std::string model, firmware;
  v1::Health health = v1::HEALTH_UNSPECIFIED;
  std::string reason;
  std::int64_t last_success_ms = 0;
  std::int64_t clock_offset_ms = 0; ///< the meter's clock minus the host's at the last poll that read it
  std::vector<reading> last_readings;
  archive_ledger archives;          ///< what the archive passes already published
  std::int64_t archives_due_ms = 0; ///< the next archive pass, after a successful poll
};

struct line_state {
  static inline const char* name = "meterhub.iec61107.line";
  line_context ctx;
  std::vector<meter_state> meters;
  std::vector<service::poll_schedule> schedules; ///< parallel to meters
  std::unique_ptr<transport::tcp_listener> listener;
  std::unique_ptr<transport::byte_stream> stream;
  std::int64_t reopen_at_ms = 0;
  std::chrono::milliseconds line_backoff{0};
  metrics::counter line_errors;
  std::shared_ptr<spdlog::logger> log = logging::get("iec61107");
  logging::rate_limiter limiter;

  void init(line_context c);
  /// The stream of a serial or client line; for a server line the next converter that dialled in, or nullptr.
  caf::expected<std::unique_ptr<transport::byte_stream>> open_stream(std::chrono::milliseconds accept_wait);
  /// Session settings for one of the meters.
  iec61107::session_settings session_for(const meter_state& m) const;
};

using line_pointer = caf::stateful_actor<line_state>*;

/// The line failed (cannot open, or the stream broke mid-session): close it and retry with a growing delay.
void line_failed(line_pointer self, const std::string& why, std::int64_t now);

/// Runs one poll session for meter `index` and publishes what it gave.
void poll_meter(line_pointer self, std::size_t index, std::int64_t now);

/// Sets the meter's health and reason; publishes its DeviceState and logs when either changed.
void set_health(line_pointer self, meter_state& m, v1::Health health, std::string reason, std::int64_t now);

/// Publishes the meter's DeviceState (retained).
void publish_state(line_pointer self, const meter_state& m, std::int64_t now);

/// Runs a session for a command on the bus and answers it.
void answer_command(line_pointer self, const bus::bus_message& msg);

/// Runs one session on the open line; a line failure closes the line and is returned as the error. `on_idle` feeds
/// a keep_open session.
caf::error run_on_line(line_pointer self, iec61107::session& s, std::int64_t now, const idle_handler& on_idle = {});

/// Publishes one ReadingBatch of the meter's readings.
void publish_batch(line_pointer self, const meter_state& m, std::vector<reading> readings, std::int64_t now);

/// True when meter `index`'s archive pass is due: its last poll succeeded and its archive interval passed. The
/// pass runs right after such a poll, so that back-to-back polls on a busy line cannot starve it.
bool archives_due(const line_state& st, std::size_t index, std::int64_t now);

/// Reads meter `index`'s archives that are new since its last pass and publishes them as backfilled readings.
void read_archives(line_pointer self, std::size_t index, std::int64_t now);

/// The command status a failed session or request maps to.
v1::CommandStatus status_of(const caf::error& err);

/// READ_ARCHIVE: the half-hour archive and start registers of the day of `cmd.time_unix_ms` (the meter's date).
void read_archive_day(line_pointer self, meter_state& m, const v1::Command& cmd, v1::CommandResult& result);

} // namespace meterhub::iec61107_service

#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "device_driver.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/modbus_link/link.hpp"
#include "meterhub/service/adapter.hpp"
#include "meterhub/service/publish_window.hpp"
#include "meterhub/service/schedule.hpp"
#include "meterhub/v1/status.pb.h"
#include "settings.hpp"

// The inside of a line actor, shared by its files: the loop (line_actor.cpp), polling and publishing
// (line_poll.cpp) and commands (line_commands.cpp).
namespace meterhub::modbus_service {

/// What a line actor needs from the service around it. A Modbus TCP gateway with several connections has one line
/// actor per connection, each with its share of the devices.
struct line_context {
  line_settings line;
  service::adapter_links links;
  std::size_t connection = 0; ///< which of the line's connections this actor owns
};

/// One device of the line: its driver, schedules, health and what it told us.
struct device_state {
  device_settings cfg;
  std::unique_ptr<device_driver> driver;
  std::vector<service::poll_schedule> schedules; ///< parallel to cfg.profile->groups
  v1::Health health = v1::HEALTH_UNSPECIFIED;
  std::string reason;
  std::int64_t last_success_ms = 0;
  std::int64_t offline_since_ms = 0; ///< first failure of the current outage (backfill starts there)
  std::map<std::string, std::uint64_t> counts; ///< polls_ok, polls_failed, timeouts, bad_frames, exception_N, ...
  std::map<std::string, metrics::counter> exported;
};

struct line_state {
  static inline const char* name = "meterhub.modbus.line";
  line_context ctx;
  std::vector<device_state> devices;
  std::unique_ptr<modbus_link::link> link;
  std::int64_t reopen_at_ms = 0;
  std::chrono::milliseconds line_backoff{0};
  metrics::counter line_errors;
  std::shared_ptr<spdlog::logger> log = logging::get("modbus");
  logging::rate_limiter limiter;
  /// Batches handed to the bus and not yet spooled; polling holds while it is full (`held`) and resumes on answer.
  service::publish_window window;
  bool held = false;

  void init(line_context c);
  /// The line's name in log lines ("tcp://10.0.0.5:502#2" for the third connection).
  std::string line_name() const;
};

using line_pointer = caf::stateful_actor<line_state>*;

/// The device and group due earliest, if any is due at `now`.
struct due_poll {
  std::size_t device = 0;
  std::size_t group = 0;
};
std::optional<due_poll> next_due(const line_state& st, std::int64_t now);
/// How long until the next poll is due.
std::chrono::milliseconds until_next_due(const line_state& st, std::int64_t now);

/// The line failed (cannot open, or broke mid-transaction): close it and retry with a growing delay.
void line_failed(line_pointer self, const std::string& why, std::int64_t now);

/// The loop's step: polls what is due and schedules the next step; holds while the publish window is full.
void tick(line_pointer self);

/// Polls one group of one device and publishes what it gave.
void poll_group(line_pointer self, const due_poll& due, std::int64_t now);

/// Sets the device's health and reason; publishes its DeviceState and logs when either changed.
void set_health(line_pointer self, device_state& d, v1::Health health, std::string reason, std::int64_t now);

/// Publishes the device's DeviceState (retained).
void publish_state(line_pointer self, const device_state& d, std::int64_t now);

/// Publishes one ReadingBatch of the device's readings.
void publish_batch(line_pointer self, const device_state& d, std::vector<reading> readings, std::int64_t now);

/// Counts an error of the device by kind (timeouts, bad_frames, exception_2, ...), for its state and /metrics.
void count_error(line_pointer self, device_state& d, const caf::error& err);

/// Carries out a command from the bus for one of the line's devices and answers it.
void answer_command(line_pointer self, const bus::bus_message& msg);

} // namespace meterhub::modbus_service

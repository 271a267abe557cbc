#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "history_plan.hpp"
#include "meter_client.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/service/publish_window.hpp"
#include "meterhub/service/schedule.hpp"
#include "meterhub/v1/status.pb.h"
#include "module_actor.hpp"
#include "module_link.hpp"
#include "state_store.hpp"

// The inside of a module actor, shared by its files: the loop and the device state (module_actor.cpp), the
// meter's values and history (module_meter.cpp) and commands (module_commands.cpp).
namespace meterhub::echonet_service {

struct module_state {
  static inline const char* name = "meterhub.echonet.module";
  module_context ctx;
  std::unique_ptr<module_link> link;
  std::unique_ptr<meter_client> client;
  std::int64_t reopen_at_ms = 0;
  std::chrono::milliseconds backoff{0};

  // the meter, per session
  std::optional<meter_identity> identity;
  std::int64_t identify_at_ms = 0;            ///< next try after a failed open sequence
  std::optional<std::int64_t> clock_offset_ms; ///< meter clock − host clock
  std::vector<service::poll_schedule> schedules; ///< parallel to ctx.cfg.poll
  std::deque<echonet::frame> inbox;            ///< frames the meter sent unasked, handled after each pump

  // the half-hour series, and what was spooled of it (persisted)
  slot_series import_slots, export_slots;
  module_memory memory;
  bool backfill_pending = true; ///< after the first open sequence, a gap, or a missed boundary
  std::int64_t backfill_at_ms = 0; ///< next try after a failed backfill

  // the device state
  v1::Health health = v1::HEALTH_UNSPECIFIED;
  std::string reason;
  skstack::session_state session = skstack::session_state::idle;
  std::int64_t last_success_ms = 0;
  std::map<std::string, std::uint64_t> counts;
  std::map<std::string, metrics::counter> exported;

  std::shared_ptr<spdlog::logger> log = logging::get("echonet");
  logging::rate_limiter limiter;
  service::publish_window window;

  void init(module_context c);
  const std::string& device() const { return ctx.cfg.device; }
  /// The meter's clock now, from the host clock and the offset measured at the latest clock read.
  std::optional<meter_now> meter_clock(std::int64_t host_now) const;
};

using module_pointer = caf::stateful_actor<module_state>*;

// module_actor.cpp
/// Counts `kind` for the device state and /metrics, and logs `err` (rate-limited per kind).
void count_problem(module_pointer self, const std::string& kind, const caf::error& err);
/// Sets health and reason; publishes the device state and logs when either changed.
void set_health(module_pointer self, v1::Health health, std::string reason);
/// Publishes the DeviceState (retained) with the link facts as attributes.
void publish_state(module_pointer self);
/// Publishes one ReadingBatch; `spooled` runs once it is safely in the bus's spool.
void publish_batch(module_pointer self, std::vector<reading> readings, std::function<void()> spooled = [] {});
/// The port failed: drop the link and retry with a growing delay.
void link_failed(module_pointer self, const caf::error& err);

// module_meter.cpp
/// One step of work while joined: the open sequence, a backfill, or the poll group due first.
void meter_step(module_pointer self);
/// Handles the frames the meter sent unasked (INF, INFC, late replies).
void handle_inbox(module_pointer self);
/// Polls one group now and publishes what it gave; the readings, or the error.
caf::expected<std::vector<reading>> poll_group(module_pointer self, std::size_t group);
/// The session ended or the link went away: what was learnt of this session's meter is forgotten.
void session_lost(module_pointer self);

// module_commands.cpp
void answer_command(module_pointer self, const bus::bus_message& msg);

} // namespace meterhub::echonet_service

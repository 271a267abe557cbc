#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "meterhub/bus/bus.hpp"
#include "meterhub/metrics/metrics.hpp"
#include "meterhub/um40/mapping.hpp"
#include "meterhub/um40/target.hpp"
#include "profile_store.hpp"

namespace meterhub::um40_service {

struct injector_settings {
  std::vector<um40::device_assignment> devices; ///< the device filter and each device's meter
  um40::mapping_options mapping;
  std::size_t batch_records = 500;              ///< records per transaction
  std::chrono::milliseconds flush_interval{1000};
  std::chrono::milliseconds max_retry_pause{30'000};
  um40::device_profiles restored; ///< the profile points the previous run saved
};

/// Spawns the injector: a detached actor (a transaction over SSH blocks for a round trip) that maps each bus batch
/// of a listed device to meter.db records and writes them in transactions. An inbox record is acknowledged only
/// after everything it made committed, so a killed service, a dead link or a locked database replays it instead
/// of losing it, and the idempotent statements make the replay add nothing. A device's MeterTable and ElConfig
/// rows are made before its first records. The mapper's profile points are saved to `profiles` after each commit
/// and before the acknowledgements, so a restart closes the periods begun before it. Batches of unlisted devices
/// and undecodable messages are counted and acknowledged.
caf::actor spawn_injector(caf::actor_system& sys, std::unique_ptr<um40::target> target,
                          std::unique_ptr<profile_store> profiles, injector_settings settings,
                          std::shared_ptr<bus::bus_actor> bus, metrics::registry& metrics);

} // namespace meterhub::um40_service

#pragma once

#include <chrono>
#include <memory>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "meterhub/bus/bus.hpp"
#include "meterhub/metrics/metrics.hpp"
#include "meterhub/storage/store.hpp"
#include "meterhub/wire/topics.hpp"

namespace meterhub::storage_service {

struct writer_settings {
  std::size_t batch_readings = 20'000;
  std::chrono::milliseconds flush_interval{50};
  wire::topics topics;
};

/// Spawns the writer: a detached actor (SQLite commits block) that receives bus messages, writes readings in
/// batched transactions and device states as they come, and acknowledges each inbox record only after its
/// transaction committed, so nothing is lost to a crash and nothing is written twice.
caf::actor spawn_writer(caf::actor_system& sys, std::unique_ptr<storage::reading_store> store,
                        writer_settings settings, std::shared_ptr<bus::bus_actor> bus, metrics::registry& metrics);

} // namespace meterhub::storage_service

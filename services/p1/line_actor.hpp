#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "meterhub/service/adapter.hpp"
#include "settings.hpp"

namespace meterhub::p1 {

/// What a line actor needs from the service around it.
struct line_context {
  meter_settings meter;
  service::adapter_links links;
  bool once = false;                           ///< stop after the first published telegram
  std::shared_ptr<std::atomic<int>> published; ///< telegrams handed to the bus
};

/// Spawns the actor that owns one P1 port: it reads (detached, because reads block), frames and decodes telegrams,
/// publishes one ReadingBatch per accepted telegram and the device state, reconnects when the port fails or the
/// watchdog sees no valid telegram in time, and answers commands for its device.
caf::actor spawn_line(caf::actor_system& sys, line_context ctx);

} // namespace meterhub::p1

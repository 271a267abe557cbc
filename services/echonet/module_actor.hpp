#pragma once

#include <filesystem>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "meterhub/service/adapter.hpp"
#include "settings.hpp"

namespace meterhub::echonet_service {

/// What a module actor needs from the service around it.
struct module_context {
  module_settings cfg;
  service::adapter_links links;
  std::filesystem::path memory_file; ///< {state_dir}/{device}.json
};

/// Spawns the actor that owns one Wi-SUN module and its meter: it opens the port (reopening with backoff), keeps
/// the PANA session (scan or cached PAN, join, re-authentication, transmit limit, rejoin), reads the meter's scale
/// once per session, polls the configured groups, publishes the meter's INF pushes and fills every gap in the
/// half-hour series from the meter's history, publishes the device state, and carries out commands between polls.
/// Detached, because the port is read with blocking calls.
caf::actor spawn_module(caf::actor_system& sys, module_context ctx);

} // namespace meterhub::echonet_service

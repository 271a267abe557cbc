#pragma once

#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "meterhub/service/adapter.hpp"
#include "settings.hpp"

namespace meterhub::iec61107_service {

/// What a line actor needs from the service around it.
struct line_context {
  line_settings line;
  service::adapter_links links;
};

/// Spawns the actor that owns one line: it opens the port (or waits for a converter to dial in), polls its meters
/// one session at a time on their schedules, publishes one ReadingBatch per successful poll and each meter's
/// device state, backs off failing meters, and carries out commands for its meters between polls. Detached,
/// because a session blocks on the line for seconds.
caf::actor spawn_line(caf::actor_system& sys, line_context ctx);

} // namespace meterhub::iec61107_service

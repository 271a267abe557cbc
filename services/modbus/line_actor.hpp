#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "line_state.hpp"

namespace meterhub::modbus_service {

/// Spawns the actor that owns one line (or one connection to a Modbus TCP gateway): it opens the link, reopens it
/// with backoff after a failure, polls each device's groups on their schedules one transaction at a time, backs off
/// a device that does not answer so it cannot starve its neighbours, publishes one ReadingBatch per polled group
/// and each device's state, backfills a Mercury meter's outage from its memory, and carries out commands between
/// polls. Detached, because every libmodbus call blocks.
caf::actor spawn_line(caf::actor_system& sys, line_context ctx);

/// The line contexts of a configured line: one, or one per connection of a Modbus TCP gateway with the devices
/// dealt out between them.
std::vector<line_context> split_connections(const line_settings& line, const service::adapter_links& links);

} // namespace meterhub::modbus_service

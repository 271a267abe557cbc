#pragma once

#include <caf/actor_system.hpp>

#include "meterhub/bus/output.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::bridge {

/// Exports the output connection's state (connected, messages waiting, taken, sent again, refused) to /metrics
/// and reports it as the "output" health component (degraded while the output broker is away: the bus inbox holds
/// the records, nothing is lost). Refreshed twice a second by a small actor that stops with the output actor, the
/// same way `observability::watch_bus` does it for the bus.
void watch_output(caf::actor_system& sys, bus::output_actor output, service::observability& obs);

} // namespace meterhub::bridge

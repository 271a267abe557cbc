#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/atom.hpp>

namespace meterhub::service {

/// `(register_atom, device, actor)`: from now on, commands for `device` go to `actor`.
using register_atom = caf::atom_constant<caf::atom("register")>;

/// Spawns the router between the bus and an adapter's line actors: the bus hands it every command of the
/// adapter's subscription (meterhub/v1/cmd/#, as `bus::bus_message`), the router passes each one to the actor that
/// registered the device named by the topic's last level. Commands for devices nobody here registered are left
/// alone: another instance owns them and answers.
caf::actor spawn_command_router(caf::actor_system& sys);

} // namespace meterhub::service

#pragma once

#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "meterhub/bus/bus.hpp"
#include "meterhub/bus/output.hpp"
#include "meterhub/metrics/metrics.hpp"
#include "meterhub/wire/topics.hpp"
#include "mirror_translator.hpp"
#include "translator.hpp"

namespace meterhub::bridge {

/// One output format and the broker connection its messages go to.
struct route {
  std::shared_ptr<translator> format;
  bus::output_actor output;
};

/// What the bridge actor needs besides its routes.
struct bridge_links {
  wire::topics topics;                  ///< the bus's topic names (to tell readings, states and alerts apart)
  std::shared_ptr<bus::bus_actor> bus;  ///< set once the bus runs; acknowledgements go there
  /// Commands from plain MQTT (messages that are not the bus's own topics): the mirror that checks them and the
  /// output connection they arrived on, where their answers go; null when commands are off.
  std::shared_ptr<mirror_format> commands;
  bus::output_actor command_output;
  /// One-shot runs: told `published_atom` each time everything derived from a reading batch was taken.
  caf::actor notify;
};

using published_atom = caf::atom_constant<caf::atom("published")>;

/// Spawns the bridge actor: every bus message (readings, device states, alerts) goes through every route's
/// translator and what it derives is published on the route's output. A durable inbox record is acknowledged only
/// when the output brokers took everything derived from it, so a killed bridge or an unreachable output broker replays the record
/// instead of losing what it would have published (the derived messages are idempotent: retained topics get the
/// same payload again). Undecodable messages are counted, logged (rate-limited) and acknowledged. A command from
/// plain MQTT is checked by the mirror, sent to the owning adapter over the bus and answered on its result topic
/// (a timeout or an unreachable bus is an answer too). Every translator's `on_tick` runs once a second.
caf::actor spawn_bridge(caf::actor_system& sys, std::vector<route> routes, bridge_links links,
                        metrics::registry& metrics);

} // namespace meterhub::bridge

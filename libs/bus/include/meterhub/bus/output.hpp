#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/atom.hpp>
#include <caf/expected.hpp>
#include <caf/typed_actor.hpp>

#include "meterhub/bus/bus.hpp"
#include "meterhub/bus/settings.hpp"

/// A second kind of MQTT connection, for messages derived from the bus (mirrors, VSCP events, discovery configs):
/// no spool, because what it publishes can always be derived again from the durable inbox record it came from.
/// The caller hands over all messages derived from one record at once and acknowledges the record only when the
/// answer arrives, that is when the broker has taken every one of them: the last message of an emit goes at QoS 1
/// whatever its own QoS, and since a broker handles one connection's packets in order, its PUBACK covers the QoS 0
/// messages before it (libmosquitto, see output_link.hpp for why not Paho). A broker that goes away holds the answers back; the messages not yet taken are sent again after the
/// reconnect, so nothing is lost (a message in flight at the moment of the loss may arrive twice, as MQTT's
/// at-least-once allows). It may connect to another broker than the bus (a VSCP or Home Assistant broker), speaks
/// MQTT 3.1.1 unless told otherwise (what older brokers accept) and can subscribe without a session (commands
/// from plain MQTT tools, delivered to their sink as `bus_message`s with `durable` false).
namespace meterhub::bus {

/// One message of a derived stream.
struct out_message {
  std::string topic;
  std::string payload;
  int qos = 1;
  bool retained = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, out_message& x) {
  return f(caf::meta::type_name("out_message"), x.topic, x.payload, x.qos, x.retained);
}

/// Counters of an output connection, for /metrics.
struct output_status {
  bool connected = false;
  std::uint64_t published = 0;   ///< messages the broker took
  std::uint64_t queued = 0;      ///< messages waiting for the broker (held while it is away)
  std::uint64_t resent = 0;      ///< messages sent again after a lost connection
  std::uint64_t refused = 0;     ///< messages MQTT cannot carry (a wildcard in the topic), dropped
  std::uint64_t reconnects = 0;
  std::string last_error;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, output_status& x) {
  return f(caf::meta::type_name("output_status"), x.connected, x.published, x.queued, x.resent, x.refused,
           x.reconnects, x.last_error);
}

using emit_atom = caf::atom_constant<caf::atom("emit")>;
using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;

/// The output connection's interface; the handlers after `status_atom` are internal events (Paho's threads, timers).
using output_actor = caf::typed_actor<
  /// Publishes `messages` and answers with their number once the broker took all of them (an empty list is
  /// answered at once). The answer never fails: it waits for the broker as long as it takes.
  caf::replies_to<emit_atom, std::vector<out_message>>::with<std::uint64_t>,
  caf::replies_to<status_atom>::with<output_status>,
  /// Adds a subscription (QoS 1, no session) whose messages go to `sink`; subscribed now and after every connect.
  caf::reacts_to<subscribe_atom, std::string, caf::actor>,
  caf::reacts_to<connect_atom>,
  caf::reacts_to<up_atom>,
  caf::reacts_to<down_atom, std::string>,
  caf::reacts_to<delivered_atom, std::uint64_t>,
  caf::reacts_to<undelivered_atom, std::uint64_t>>;

/// How an output connection connects; the broker part is read like the bus section.
struct output_settings {
  std::string url = "tcp://127.0.0.1:1883";
  std::string client_id;
  std::string username;
  std::string password; ///< from a file or the environment, never logged
  tls_settings tls;
  int mqtt_version = 4; ///< 4 = MQTT 3.1.1, 5 = MQTT 5
  std::chrono::seconds keepalive{20};
  std::chrono::milliseconds reconnect_min{250};
  std::chrono::milliseconds reconnect_max{30'000};
  /// Messages handed to Paho and not yet taken by the broker, at most; the rest wait in the actor.
  std::size_t inflight_window = 8192;
  /// The last will the broker publishes when the connection dies (empty topic: none), and the message published
  /// after every connect (empty topic: none): an availability topic that says `offline` / `online`.
  out_message will;
  out_message birth;
};

/// Starts an output connection (detached: Paho calls may block briefly) and begins connecting.
caf::expected<output_actor> spawn_output(caf::actor_system& sys, output_settings settings);

} // namespace meterhub::bus

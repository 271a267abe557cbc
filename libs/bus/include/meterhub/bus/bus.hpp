#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/atom.hpp>
#include <caf/expected.hpp>
#include <caf/typed_actor.hpp>

#include "meterhub/bus/settings.hpp"

/// The MQTT bus as a CAF actor (Paho MQTT C++, MQTT v5).
///
/// Publishing: readings go through an on-disk spool first and leave it only when the broker acknowledged them
/// (QoS 1), so a dead broker or a restart loses nothing; the spool is replayed in order. Retained messages (device
/// states) keep only their newest value per topic and are re-sent after every reconnect.
/// Subscribing: a durable subscription uses a persistent session and writes each message to an on-disk inbox before
/// Paho acknowledges it to the broker; the sink acknowledges it back (`ack_atom`) once the message is committed, so
/// a SIGKILL between receipt and commit replays the message on restart instead of losing it. The bus actor hands
/// inbox records to the sink at most `inbox_window` at a time: a sink that falls behind (a backlog after a long
/// absence, a slow disk) leaves the backlog on disk instead of growing the process's memory.
namespace meterhub::bus {

using publish_atom = caf::atom_constant<caf::atom("publish")>;
using spool_atom = caf::atom_constant<caf::atom("spool")>;
using retain_atom = caf::atom_constant<caf::atom("retain")>;
using ack_atom = caf::atom_constant<caf::atom("ack")>;
using status_atom = caf::atom_constant<caf::atom("busstatus")>;
using connect_atom = caf::atom_constant<caf::atom("connect")>;
using up_atom = caf::atom_constant<caf::atom("mqttup")>;
using down_atom = caf::atom_constant<caf::atom("mqttdown")>;
using delivered_atom = caf::atom_constant<caf::atom("delivered")>;
using undelivered_atom = caf::atom_constant<caf::atom("undeliver")>;
using request_atom = caf::atom_constant<caf::atom("request")>;
using reply_atom = caf::atom_constant<caf::atom("reply")>;
using response_atom = caf::atom_constant<caf::atom("response")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;
using inbox_atom = caf::atom_constant<caf::atom("inbox")>;

/// A message from a subscription, as delivered to its sink.
struct bus_message {
  /// Inbox record id to acknowledge with `ack_atom` when `durable`; meaningless otherwise.
  std::uint64_t inbox_id = 0;
  bool durable = false;
  std::string topic;
  std::string payload;
  /// MQTT v5 request/response: where the answer goes and the data that ties it to the request (empty if none).
  std::string response_topic;
  std::string correlation;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bus_message& x) {
  return f(caf::meta::type_name("bus_message"), x.inbox_id, x.durable, x.topic, x.payload, x.response_topic,
           x.correlation);
}

/// Counters and state for /metrics and health.
struct bus_status {
  bool connected = false;
  std::uint64_t published = 0;       ///< spooled messages the broker acknowledged
  std::uint64_t spool_pending = 0;   ///< spooled, not yet acknowledged
  std::uint64_t spool_dropped = 0;   ///< lost because the spool was full
  std::uint64_t received = 0;        ///< subscription messages delivered to sinks
  std::uint64_t inbox_pending = 0;   ///< durable messages not yet acknowledged by their sink
  std::uint64_t reconnects = 0;
  std::string last_error;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bus_status& x) {
  return f(caf::meta::type_name("bus_status"), x.connected, x.published, x.spool_pending, x.spool_dropped,
           x.received, x.inbox_pending, x.reconnects, x.last_error);
}

/// Where messages matching `filter` go. `filter` may be a shared subscription (`$share/group/...`).
struct subscription {
  std::string filter;
  caf::actor sink;
  /// Inbox-backed, at-least-once across crashes; the sink must acknowledge every message. A message matching
  /// several durable subscriptions goes to the first of them only.
  bool durable = false;
};

/// The bus actor's interface. The handlers after `status_atom` are internal events (Paho's threads, timers).
using bus_actor = caf::typed_actor<
  /// Publishes QoS 1, not retained, through the spool.
  caf::reacts_to<publish_atom, std::string, std::string>,
  /// The same, answered once the message is in the spool with the number of spooled messages the broker has not
  /// acknowledged yet. Why: a producer that waits for the answer before it has more than a few messages
  /// outstanding (service::publish_window) cannot grow the bus actor's mailbox faster than the disk takes it.
  caf::replies_to<spool_atom, std::string, std::string>::with<std::uint64_t>,
  /// Publishes QoS 1 retained; only the newest payload per topic is kept for re-sending.
  caf::reacts_to<retain_atom, std::string, std::string>,
  /// A durable sink committed inbox record `id`.
  caf::reacts_to<ack_atom, std::uint64_t>,
  caf::replies_to<status_atom>::with<bus_status>,
  /// MQTT v5 request/response: publishes `payload` to `topic` with a response topic and correlation data and
  /// answers with the response payload, or `bus_errc::timeout` / `bus_errc::not_connected`.
  caf::replies_to<request_atom, std::string, std::string, std::uint32_t>::with<std::string>,
  /// Answers a request received as a `bus_message` (its response topic and correlation data).
  caf::reacts_to<reply_atom, std::string, std::string, std::string>,
  caf::reacts_to<response_atom, std::string, std::string>,
  caf::reacts_to<expire_atom, std::string>,
  /// The inbox grew (from Paho's thread).
  caf::reacts_to<inbox_atom>,
  caf::reacts_to<connect_atom>,
  caf::reacts_to<up_atom>,
  caf::reacts_to<down_atom, std::string>,
  caf::reacts_to<delivered_atom, std::uint64_t>,
  caf::reacts_to<undelivered_atom, std::uint64_t>>;

/// Starts the bus actor (detached: Paho calls may block briefly) and begins connecting. Fails when the settings are
/// unusable or the spool/inbox cannot be opened. Durable inbox records left by a previous run are handed to their
/// sinks before the first connection.
caf::expected<bus_actor> spawn_bus(caf::actor_system& sys, bus_settings settings,
                                   std::vector<subscription> subscriptions);

/// True when an MQTT topic matches a filter with `+` and `#` wildcards; a `$share/{group}/` prefix is ignored.
bool topic_matches(std::string_view filter, std::string_view topic) noexcept;

} // namespace meterhub::bus


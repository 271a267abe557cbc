#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/mirror/command.hpp"
#include "meterhub/mirror/discovery_registry.hpp"
#include "meterhub/mirror/message.hpp"
#include "meterhub/mirror/settings.hpp"
#include "meterhub/mirror/topics.hpp"

/// The mirrors of one bridge in one object: the bridge hands it what arrives (bus messages, commands from plain
/// MQTT, command results) and publishes what comes back, in order. Pure: no clock, no I/O; the only state is the
/// registry (saved by the bridge in its state file) and what must not outlive the process (the last batch
/// sequence per device, the commands waiting for their answers).
namespace meterhub::mirror {

/// What a command from plain MQTT became.
struct command_outcome {
  /// The command to publish on {bus}/v1/cmd/{device} (`encode_command` with `bus_id`), when it passed.
  std::optional<command_request> command;
  std::string bus_id;
  /// The answer to publish at once: the refusal, when it did not pass (none for topics that are no commands).
  std::vector<message> replies;
  /// Why it did not pass; `not_a_command_topic` for topics the bridge should only count.
  caf::error refusal;
};

/// See above.
class translator {
public:
  /// `s` must have passed `validate`. `registry` is the one saved last (or empty); `command_id_prefix` starts the
  /// ids of the commands sent to the bus and should differ per process start (the service's instance and start
  /// time), so a late answer to a previous run is never taken for a new command.
  explicit translator(settings s, discovery_registry registry = {}, std::string command_id_prefix = "mirror");

  const settings& config() const noexcept { return settings_; }
  const topic_builder& topics() const noexcept { return topics_; }
  const discovery_registry& registry() const noexcept { return registry_; }

  /// The subscriptions on the mirror's broker: the command filter when commands are enabled, else none.
  std::vector<std::string> subscriptions() const;

  /// A ReadingBatch (decoded by wire::decode_batch): Home Assistant configs that are new or changed, the plain
  /// values, the JSON batch. A batch that is not newer than the last one of its source for this device (a
  /// redelivery or an older batch: neither a higher sequence nor a later receive time) goes to the JSON mirror
  /// only, so an old value never overwrites a state.
  std::vector<message> on_batch(const reading_batch& batch);

  /// The bytes retained on {bus}/v1/state/{device}: the state and availability mirrors and, when the device facts
  /// changed, its configs again. Empty bytes mean the device was removed: every retained topic and config of it is
  /// cleared. An error for bytes that are no DeviceState.
  caf::expected<std::vector<message>> on_state(std::string_view device, std::string_view bytes);

  /// The bytes of an Alert on {bus}/v1/alerts/{device}.
  caf::expected<std::vector<message>> on_alert(std::string_view device, std::string_view bytes);

  /// A message on the command filter from plain MQTT (command.hpp).
  command_outcome on_command(std::string_view topic, std::string_view payload);

  /// The adapter's CommandResult for a command of `on_command`: the answer on its result topic. An error for bytes
  /// that are no CommandResult and for ids this translator is not waiting for.
  caf::expected<message> on_command_result(std::string_view bytes);

  /// The messages that bring the broker in line with the settings after a start (registry.reconcile); publish them
  /// before anything else.
  std::vector<message> reconcile();

private:
  /// The last batch seen per device, to tell redeliveries from new batches.
  struct batch_position {
    std::string source;
    std::uint64_t sequence = 0;
    std::int64_t received_ms = 0;
  };

  /// A command on its way: where its answer goes.
  struct pending_command {
    command_address where;
    std::string client_id;
  };

  bool is_new_batch(const reading_batch& batch);
  void remember(std::string bus_id, pending_command pending);

  settings settings_;
  topic_builder topics_;
  discovery_registry registry_;
  std::string command_id_prefix_;
  std::uint64_t next_command_ = 1;
  std::map<std::string, batch_position, std::less<>> positions_;
  std::map<std::string, pending_command, std::less<>> pending_;
  std::deque<std::string> pending_order_; ///< oldest first; bounds `pending_`
};

} // namespace meterhub::mirror

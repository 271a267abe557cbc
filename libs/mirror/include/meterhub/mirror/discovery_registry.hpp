#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/mirror/device_state.hpp"
#include "meterhub/mirror/discovery.hpp"
#include "meterhub/mirror/message.hpp"
#include "meterhub/mirror/readings.hpp"
#include "meterhub/mirror/settings.hpp"
#include "meterhub/mirror/topics.hpp"

/// What the mirror has announced and left retained on the broker, per device, so that
/// - a Home Assistant config is published once per device and value, and again only when it changes (the model
///   became known, the M-Bus channel turned out to be water, the settings changed);
/// - a removed device leaves nothing behind: every retained topic of it (values, state, availability, alert rules,
///   configs) is cleared with an empty retained message;
/// - after a restart or a change of settings the same holds: the registry is saved in the service's state file
///   (`to_json` / `from_json`) and `reconcile` clears what the new settings no longer publish.
namespace meterhub::mirror {

/// One value of a device as the registry keeps it.
struct recorded_value {
  std::string quantity;
  unit u = unit::none;
  bool text = false;
  std::string value_topic;  ///< the retained plain topic
  std::string config_topic; ///< the announced config, empty when none
  /// Digest of everything the config says (settings, device facts, value facts, format), 0 when not announced.
  std::uint64_t signature = 0;

  friend bool operator==(const recorded_value&, const recorded_value&) = default;
};

/// One device as the registry keeps it.
struct recorded_device {
  device_identity identity;
  std::map<int, int> mbus_types;                    ///< M-Bus channel → device type, from 0-n:24.1.0
  std::map<std::string, recorded_value> values;     ///< by readable name
  std::string state_topic;                          ///< retained state JSON, empty when none
  std::string availability_topic;                   ///< retained availability, empty when none
  std::map<std::string, std::string> alert_rules;   ///< rule → its retained topic

  friend bool operator==(const recorded_device&, const recorded_device&) = default;
};

/// The registry (see above). Its methods return the messages to publish and change nothing on the broker
/// themselves; a change that the state file should keep bumps `revision()`.
class discovery_registry {
public:
  /// Records the state values of a batch of `device` (`state_readings`) and its M-Bus channel types; returns the
  /// configs that are new or changed, each after the removal of the config it replaces on another topic.
  std::vector<message> observe_values(const settings& s, const topic_builder& topics, const reading_batch& batch,
                                      const std::vector<plain_value>& values);

  /// Records the device facts of a DeviceState and the state and availability topics; returns the configs of
  /// every recorded value again when the facts changed.
  std::vector<message> observe_device(const settings& s, const topic_builder& topics, std::string_view device,
                                      const device_status& status);

  /// Records the retained topic of an alert rule.
  void observe_alert_rule(std::string_view device, std::string_view rule, std::string topic);

  /// Empty retained messages for every retained topic and config of `device` (configs first, so Home Assistant
  /// removes the entities before their states go), and forgets it. Nothing for an unknown device.
  std::vector<message> remove_device(const settings& s, std::string_view device);

  /// After a start with a saved registry or a change of settings: removes devices the filter no longer mirrors,
  /// clears retained topics whose template changed or whose mirror is off, and re-announces (or removes) the
  /// configs whose content changed.
  std::vector<message> reconcile(const settings& s, const topic_builder& topics);

  /// The quantity behind a readable name that `device` has published (what a command target names).
  std::optional<std::string> quantity_of(std::string_view device, std::string_view name) const;

  /// The record of `device`, or nullptr.
  const recorded_device* find(std::string_view device) const;

  /// The recorded device ids, sorted.
  std::vector<std::string> devices() const;

  /// Counts the changes a state file should keep (not the readings that pass through).
  std::uint64_t revision() const noexcept { return revision_; }

  /// The registry as JSON for the state file: {"format":1,"devices":{id:{...}}}.
  std::string to_json() const;

  /// A registry saved by `to_json`; an error (bad_registry) names the first thing that is wrong.
  static caf::expected<discovery_registry> from_json(std::string_view text);

  friend bool operator==(const discovery_registry& a, const discovery_registry& b) {
    return a.devices_ == b.devices_;
  }

private:
  std::vector<message> announce(const settings& s, const topic_builder& topics, std::string_view device,
                                recorded_device& record, const std::string& name, recorded_value& value);

  std::map<std::string, recorded_device, std::less<>> devices_;
  std::uint64_t revision_ = 0;
};

} // namespace meterhub::mirror

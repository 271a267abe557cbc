#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "meterhub/mirror/settings.hpp"

/// The mirror's topics, from the templates of `settings`. Commands and Home Assistant configs have fixed shapes:
/// - commands arrive on `{prefix}/{device}/set/{target}` (one level of target; subscribe to `command_filter()`),
///   and each is answered on the same topic with `/result` appended;
/// - discovery configs live on `{discovery prefix}/sensor/{node_id}/{name}/config`, node_id being the device id
///   with '.' made '_' (Home Assistant allows `[a-zA-Z0-9_-]` there).
namespace meterhub::mirror {

/// Why `topic` cannot be published to, "" when it can: empty, a `$` system topic, a wildcard, NUL, an empty level.
std::string_view topic_problem(std::string_view topic) noexcept;

/// `text` as one topic level: '/', '+', '#', NUL and other control characters become '_'; "" becomes "_".
std::string topic_level(std::string_view text);

/// `text` with only `[a-zA-Z0-9_-]` kept (others made '_'): Home Assistant's node_id and object_id alphabet.
std::string discovery_id(std::string_view text);

/// Where a command from plain MQTT was sent.
struct command_address {
  std::string device; ///< the level after the prefix, not yet checked as a device id
  std::string target; ///< the level after `set`
};

/// Builds the topics of one mirror.
class topic_builder {
public:
  explicit topic_builder(const settings& s);

  /// A value's plain topic (`topics.value`).
  std::string value(std::string_view device, std::string_view name, std::string_view quantity) const;
  /// The JSON batch topic (`topics.batch`).
  std::string batch(std::string_view device) const;
  /// The retained DeviceState JSON (`topics.state`).
  std::string state(std::string_view device) const;
  /// The retained `online` / `offline` (`topics.availability`).
  std::string availability(std::string_view device) const;
  /// Alerts as they happen (`topics.alert`).
  std::string alert(std::string_view device) const;
  /// The retained state of one alert rule (`topics.alert_rule`); the rule is made one safe level.
  std::string alert_rule(std::string_view device, std::string_view rule) const;
  /// A value's Home Assistant config topic.
  std::string discovery_config(std::string_view device, std::string_view name) const;

  /// `{prefix}/+/set/+`: every command topic and no result topic.
  std::string command_filter() const;
  /// Device and target of a command topic; nullopt for any other topic (result topics included).
  std::optional<command_address> parse_command_topic(std::string_view topic) const;
  /// `{prefix}/{device}/set/{target}/result`.
  std::string command_result(std::string_view device, std::string_view target) const;

private:
  std::string expand(const std::string& pattern, std::string_view device, std::string_view name = {},
                     std::string_view quantity = {}, std::string_view rule = {}) const;

  std::string prefix_;
  std::string discovery_prefix_;
  topic_templates templates_;
};

} // namespace meterhub::mirror

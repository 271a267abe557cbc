#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/error.hpp>

/// What the mirrors publish and where. The service reads these from its YAML file; the defaults are what a node-red
/// or Home Assistant user gets without writing any.
namespace meterhub::mirror {

/// True when `text` matches `pattern`, where `*` stands for any run of characters (also none) and `?` for one.
/// Used for device lists and command targets ("p1-*", "x:di.*", "holding:*").
bool glob_match(std::string_view pattern, std::string_view text) noexcept;

/// Which devices are mirrored: those that match an `allow` pattern and no `deny` pattern (deny wins).
struct device_filter {
  std::vector<std::string> allow{"*"};
  std::vector<std::string> deny;

  bool allows(std::string_view device) const noexcept;
};

/// Per-kind switches: each mirror can be turned off on its own.
struct publish_switches {
  bool plain = true;  ///< one topic per value with the bare number (retained)
  bool json = true;   ///< one JSON object per ReadingBatch (not retained)
  bool state = true;  ///< DeviceState as JSON and the online/offline availability topic (retained)
  bool alerts = true; ///< Alerts as JSON, and the retained state of each alert rule
};

/// Topic templates. Placeholders: `{prefix}`, `{device}`, `{name}` (the readable name, libs/core
/// quantity_names.hpp), `{quantity}` (the quantity, made topic-safe) and, for alert rules, `{rule}`. Every template
/// must name `{device}`; the value template must name `{name}` or `{quantity}`.
struct topic_templates {
  std::string value = "{prefix}/{device}/{name}";
  std::string batch = "{prefix}/{device}/json";
  std::string state = "{prefix}/{device}/state";
  std::string availability = "{prefix}/{device}/availability";
  std::string alert = "{prefix}/{device}/alert";
  std::string alert_rule = "{prefix}/{device}/alert/{rule}";
};

/// Home Assistant MQTT discovery.
struct discovery_settings {
  bool enabled = true;
  /// Home Assistant's discovery prefix (its MQTT integration's option, `homeassistant` unless changed there).
  std::string prefix = "homeassistant";
  /// Starts every unique_id and device identifier, so two installations on one Home Assistant stay apart.
  std::string id_prefix = "meterhub";
  /// `reactive_energy` as the device class of varh counters; Home Assistant releases that do not know the class
  /// refuse the whole config, so it can be turned off (the counters then have no device class).
  bool reactive_energy_class = true;
  /// The bridge's own availability topic (its last will says `offline`), added to every config with
  /// availability_mode `all`, so values go unavailable when the bridge is gone; empty = not used.
  std::string bridge_availability_topic;
  /// Names shown in Home Assistant for devices, by device id; the id itself otherwise.
  std::map<std::string, std::string> device_names;
  /// The bridge's version, for the configs' `origin` block.
  std::string origin_version;
};

/// What a command asks for; the numbers equal the protobuf enum `meterhub.v1.CommandKind`.
enum class command_kind : std::uint8_t {
  read = 1,
  write = 2,
  set_clock = 3,
  read_archive = 4,
  poll = 5,
};

/// "read", "write", "set_clock", "read_archive", "poll".
std::string_view to_string(command_kind kind) noexcept;

/// The kind of a name produced by `to_string`; nullopt otherwise.
std::optional<command_kind> parse_command_kind(std::string_view name) noexcept;

/// One authorisation rule: these devices may be sent these kinds for these targets. A target pattern matches the
/// target of the topic, the quantity it resolves to or that quantity's readable name.
struct command_rule {
  std::vector<std::string> devices;
  std::vector<std::string> targets;
  std::vector<command_kind> kinds;
};

/// Commands from plain MQTT, authorised like the gateway's: off unless enabled; then a command passes only when the
/// device is mirrored and a rule lists device, target and kind. Everything else is refused with the reason.
struct command_policy {
  bool enabled = false;
  std::vector<command_rule> rules;
  /// The adapter's time limit when the command names none; and the most a command may ask for.
  std::uint32_t default_timeout_ms = 10'000;
  std::uint32_t max_timeout_ms = 120'000;
};

/// Everything the mirror library is told.
struct settings {
  /// First level(s) of every mirror topic. Short for node-red flows, and apart from the bus tree (`meterhub/v1/…`)
  /// so `meters/#` never yields protobuf and no device id ("v1") can collide with the bus's own levels.
  std::string prefix = "meters";
  int qos = 1;
  device_filter devices;
  publish_switches publish;
  topic_templates topics;
  discovery_settings discovery;
  command_policy commands;
};

/// Checks `s` once at start: an error (bad_settings) names the key and the reason. `bus_prefix` is the bus
/// contract's prefix, which the mirror's must stay apart from.
caf::error validate(const settings& s, std::string_view bus_prefix = "meterhub");

} // namespace meterhub::mirror

#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>
#include <nlohmann/json.hpp>

#include "meterhub/mirror/message.hpp"
#include "meterhub/mirror/settings.hpp"
#include "meterhub/mirror/topics.hpp"

/// The state mirror: the retained meterhub.v1.DeviceState of each device as JSON, and the `online` / `offline`
/// availability topic that Home Assistant configs name.
namespace meterhub::mirror {

/// How the adapter sees its device; the numbers equal the protobuf enum `meterhub.v1.Health`.
enum class device_health : std::uint8_t { unknown = 0, online = 1, degraded = 2, offline = 3 };

/// "unknown", "online", "degraded", "offline".
std::string_view to_string(device_health h) noexcept;

/// A decoded meterhub.v1.DeviceState, in plain C++.
struct device_status {
  std::string device;
  device_health health = device_health::unknown;
  std::string reason;
  std::string protocol;
  std::string model;
  std::string firmware;
  std::int64_t last_success_ms = 0;
  std::int64_t updated_ms = 0;
  std::map<std::string, std::uint64_t> counters;
  std::string source;
  std::map<std::string, std::string> attributes;

  friend bool operator==(const device_status&, const device_status&) = default;
};

/// Parses the bytes retained on {bus}/v1/state/{device}; an error (malformed_state) when they are not a
/// DeviceState. Empty bytes are not handled here: they mean the device was removed (`translator::on_state`).
caf::expected<device_status> decode_device_state(std::string_view bytes);

/// What Home Assistant reads on the availability topic: `online` while the adapter reaches the device (a degraded
/// device still delivers values), `offline` when it does not or says nothing about it.
std::string_view availability_of(device_health h) noexcept;

/// The state JSON: device, health, reason, protocol, model, firmware, source, last_success / updated (RFC 3339 and
/// unix ms, null when 0), counters, attributes.
nlohmann::ordered_json state_json(std::string_view device, const device_status& s);

/// The retained state JSON and the retained availability of `device`.
std::vector<message> state_messages(const settings& s, const topic_builder& topics, std::string_view device,
                                    const device_status& status);

} // namespace meterhub::mirror

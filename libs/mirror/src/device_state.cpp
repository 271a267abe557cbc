#include "meterhub/mirror/device_state.hpp"

#include "meterhub/core/text.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/v1/status.pb.h"

namespace meterhub::mirror {

namespace {

nlohmann::ordered_json time_or_null(std::int64_t unix_ms) {
  return unix_ms == 0 ? nlohmann::ordered_json{} : nlohmann::ordered_json(format_iso8601(unix_ms));
}

nlohmann::ordered_json ms_or_null(std::int64_t unix_ms) {
  return unix_ms == 0 ? nlohmann::ordered_json{} : nlohmann::ordered_json(unix_ms);
}

} // namespace

std::string_view to_string(device_health h) noexcept {
  switch (h) {
    case device_health::online:
      return "online";
    case device_health::degraded:
      return "degraded";
    case device_health::offline:
      return "offline";
    case device_health::unknown:
      break;
  }
  return "unknown";
}

caf::expected<device_status> decode_device_state(std::string_view bytes) {
  v1::DeviceState in;
  if (!in.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return make_error(mirror_errc::malformed_state, "not a meterhub.v1.DeviceState");
  device_status out;
  out.device = in.device();
  const auto h = static_cast<int>(in.health());
  out.health = h >= 1 && h <= 3 ? static_cast<device_health>(h) : device_health::unknown;
  out.reason = in.reason();
  out.protocol = in.protocol();
  out.model = in.model();
  out.firmware = in.firmware();
  out.last_success_ms = in.last_success_unix_ms();
  out.updated_ms = in.updated_unix_ms();
  out.counters.insert(in.counters().begin(), in.counters().end());
  out.source = in.source();
  out.attributes.insert(in.attributes().begin(), in.attributes().end());
  return out;
}

std::string_view availability_of(device_health h) noexcept {
  return h == device_health::online || h == device_health::degraded ? "online" : "offline";
}

nlohmann::ordered_json state_json(std::string_view device, const device_status& s) {
  nlohmann::ordered_json j;
  j["device"] = device;
  j["health"] = to_string(s.health);
  j["available"] = availability_of(s.health) == "online";
  j["reason"] = as_utf8(s.reason);
  j["protocol"] = as_utf8(s.protocol);
  j["model"] = as_utf8(s.model);
  j["firmware"] = as_utf8(s.firmware);
  j["source"] = as_utf8(s.source);
  j["last_success"] = time_or_null(s.last_success_ms);
  j["last_success_unix_ms"] = ms_or_null(s.last_success_ms);
  j["updated"] = time_or_null(s.updated_ms);
  j["updated_unix_ms"] = ms_or_null(s.updated_ms);
  auto& counters = j["counters"] = nlohmann::ordered_json::object();
  for (const auto& [key, value] : s.counters)
    counters[as_utf8(key)] = value;
  auto& attributes = j["attributes"] = nlohmann::ordered_json::object();
  for (const auto& [key, value] : s.attributes)
    attributes[as_utf8(key)] = as_utf8(value);
  return j;
}

std::vector<message> state_messages(const settings& s, const topic_builder& topics, std::string_view device,
                                    const device_status& status) {
  return {
    {topics.state(device), state_json(device, status).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
     true, s.qos},
    {topics.availability(device), std::string{availability_of(status.health)}, true, s.qos},
  };
}

} // namespace meterhub::mirror

#include "meterhub/mirror/discovery.hpp"

#include <array>

#include "meterhub/core/quantity_names.hpp"
#include "meterhub/core/text.hpp"

namespace meterhub::mirror {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> protocol_labels{{
  {"dsmr", "DSMR P1"},
  {"iec61107", "IEC 62056-21"},
  {"echonet", "ECHONET Lite"},
  {"modbus", "Modbus"},
  {"mercury", "Mercury"},
  {"um40", "UM-40"},
}};

std::string protocol_label(std::string_view protocol) {
  for (const auto& [key, label] : protocol_labels)
    if (key == protocol)
      return std::string{label};
  return as_utf8(protocol);
}

/// Home Assistant's entity id alphabet: lower-case letters, digits and '_'.
std::string entity_slug(std::string_view text) {
  std::string out{text};
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
      c = '_';
  }
  return out;
}

nlohmann::ordered_json device_block(const settings& s, std::string_view device, const device_identity& id) {
  nlohmann::ordered_json d;
  d["identifiers"] = nlohmann::ordered_json::array({s.discovery.id_prefix + "_" + std::string{device}});
  const auto named = s.discovery.device_names.find(std::string{device});
  d["name"] = named != s.discovery.device_names.end() ? as_utf8(named->second) : std::string{device};
  if (!id.model.empty())
    d["model"] = as_utf8(id.model);
  if (!id.protocol.empty())
    d["manufacturer"] = protocol_label(id.protocol);
  if (!id.firmware.empty())
    d["sw_version"] = as_utf8(id.firmware);
  return d;
}

void add_availability(nlohmann::ordered_json& j, const settings& s, const topic_builder& topics,
                      std::string_view device, const device_identity& id) {
  std::vector<std::string> list;
  if (!s.discovery.bridge_availability_topic.empty())
    list.push_back(s.discovery.bridge_availability_topic);
  if (s.publish.state && id.state_known)
    list.push_back(topics.availability(device));
  if (list.empty())
    return; // no state seen yet: an availability topic without a value would keep the entity unavailable
  if (list.size() == 1) {
    j["availability_topic"] = list.front();
  } else {
    auto& a = j["availability"] = nlohmann::ordered_json::array();
    for (const auto& topic : list)
      a.push_back({{"topic", topic}});
    j["availability_mode"] = "all";
  }
  j["payload_available"] = "online";
  j["payload_not_available"] = "offline";
}

} // namespace

nlohmann::ordered_json discovery_payload(const settings& s, const topic_builder& topics, std::string_view device,
                                         const device_identity& id, const value_facts& value) {
  const auto cls = classify(value.quantity, value.u, value.text, value.medium, s.discovery.reactive_energy_class);
  const auto object_id = discovery_id(device) + "_" + value.name;
  nlohmann::ordered_json j;
  j["name"] = as_utf8(readable_label(value.quantity));
  j["unique_id"] = s.discovery.id_prefix + "_" + std::string{device} + "_" + value.name;
  j["object_id"] = object_id;
  j["default_entity_id"] = "sensor." + entity_slug(object_id);
  j["state_topic"] = topics.value(device, value.name, value.quantity);
  if (!cls.unit.empty())
    j["unit_of_measurement"] = cls.unit;
  if (!cls.device_class.empty())
    j["device_class"] = cls.device_class;
  if (!cls.state_class.empty())
    j["state_class"] = cls.state_class;
  if (cls.diagnostic)
    j["entity_category"] = "diagnostic";
  if (value.text)
    j["value_template"] = "{{ value[:255] }}"; // Home Assistant refuses states longer than 255 characters
  add_availability(j, s, topics, device, id);
  j["qos"] = s.qos;
  j["device"] = device_block(s, device, id);
  auto& origin = j["origin"] = nlohmann::ordered_json{{"name", "meterhub"}};
  if (!s.discovery.origin_version.empty())
    origin["sw_version"] = s.discovery.origin_version;
  return j;
}

message discovery_message(const settings& s, const topic_builder& topics, std::string_view device,
                          const device_identity& id, const value_facts& value) {
  return {topics.discovery_config(device, value.name),
          discovery_payload(s, topics, device, id, value).dump(-1, ' ', false,
                                                               nlohmann::json::error_handler_t::replace),
          true, s.qos};
}

} // namespace meterhub::mirror

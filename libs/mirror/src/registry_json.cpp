#include <charconv>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "meterhub/mirror/discovery_registry.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/mirror/topics.hpp"

namespace meterhub::mirror {

namespace {

using json = nlohmann::json;

constexpr int registry_format = 1;

std::string hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

json value_json(const recorded_value& v) {
  return {{"quantity", v.quantity},       {"unit", std::string{to_string(v.u)}}, {"text", v.text},
          {"value_topic", v.value_topic}, {"config_topic", v.config_topic},      {"signature", hex(v.signature)}};
}

json device_json(const recorded_device& d) {
  json j{{"protocol", d.identity.protocol},  {"model", d.identity.model},
         {"firmware", d.identity.firmware},  {"state_known", d.identity.state_known},
         {"state_topic", d.state_topic},     {"availability_topic", d.availability_topic},
         {"mbus_types", json::object()},     {"alert_rules", d.alert_rules},
         {"values", json::object()}};
  for (const auto& [channel, type] : d.mbus_types)
    j["mbus_types"][std::to_string(channel)] = type;
  for (const auto& [name, value] : d.values)
    j["values"][name] = value_json(value);
  return j;
}

/// Reads the saved JSON without exceptions: each getter names the path of what is missing or of the wrong type.
class reader {
public:
  caf::error fail(const std::string& path, std::string_view what) const {
    return make_error(mirror_errc::bad_registry, path + ": " + std::string{what});
  }

  caf::error text(const json& obj, const char* key, const std::string& path, std::string& out) const {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_string())
      return fail(path + "." + key, "expected a string");
    out = it->get<std::string>();
    return {};
  }

  /// A recorded topic: empty (not published) or one a broker takes, since it is cleared again on removal.
  caf::error topic(const json& obj, const char* key, const std::string& path, std::string& out) const {
    if (auto err = text(obj, key, path, out))
      return err;
    if (auto problem = topic_problem(out); !out.empty() && !problem.empty())
      return fail(path + "." + key, problem);
    return {};
  }

  caf::error flag(const json& obj, const char* key, const std::string& path, bool& out) const {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_boolean())
      return fail(path + "." + key, "expected true or false");
    out = it->get<bool>();
    return {};
  }

  caf::error object(const json& obj, const char* key, const std::string& path, const json*& out) const {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_object())
      return fail(path + "." + key, "expected an object");
    out = &*it;
    return {};
  }
};

bool is_readable_name(std::string_view name) noexcept {
  if (name.empty())
    return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

caf::error read_value(const reader& r, const json& j, const std::string& path, recorded_value& v) {
  std::string unit_text, signature;
  if (!j.is_object())
    return r.fail(path, "expected an object");
  if (auto err = r.text(j, "quantity", path, v.quantity); err)
    return err;
  if (auto err = r.text(j, "unit", path, unit_text); err)
    return err;
  const auto u = unit_from_string(unit_text);
  if (!u)
    return r.fail(path + ".unit", "unknown unit '" + unit_text + "'");
  v.u = *u;
  if (auto err = r.flag(j, "text", path, v.text); err)
    return err;
  if (auto err = r.topic(j, "value_topic", path, v.value_topic); err)
    return err;
  if (auto err = r.topic(j, "config_topic", path, v.config_topic); err)
    return err;
  if (auto err = r.text(j, "signature", path, signature); err)
    return err;
  auto [end, ec] = std::from_chars(signature.data(), signature.data() + signature.size(), v.signature, 16);
  if (ec != std::errc{} || end != signature.data() + signature.size() || signature.size() != 16)
    return r.fail(path + ".signature", "expected 16 hex digits");
  return {};
}

caf::error read_maps(const reader& r, const json& j, const std::string& path, recorded_device& d) {
  const json* types = nullptr;
  if (auto err = r.object(j, "mbus_types", path, types); err)
    return err;
  for (const auto& [key, type] : types->items()) {
    int channel = 0;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), channel);
    if (ec != std::errc{} || end != key.data() + key.size() || channel < 1 || channel > 255 ||
        !type.is_number_integer())
      return r.fail(path + ".mbus_types." + key, "expected channel 1..255 with an integer type");
    d.mbus_types[channel] = type.get<int>();
  }
  const json* rules = nullptr;
  if (auto err = r.object(j, "alert_rules", path, rules); err)
    return err;
  for (const auto& [rule, topic] : rules->items()) {
    if (!topic.is_string() || !topic_problem(topic.get_ref<const std::string&>()).empty())
      return r.fail(path + ".alert_rules." + rule, "expected a topic");
    d.alert_rules[rule] = topic.get<std::string>();
  }
  const json* values = nullptr;
  if (auto err = r.object(j, "values", path, values); err)
    return err;
  for (const auto& [name, value] : values->items()) {
    if (!is_readable_name(name))
      return r.fail(path + ".values." + name, "not a readable name");
    if (auto err = read_value(r, value, path + ".values." + name, d.values[name]); err)
      return err;
  }
  return {};
}

caf::error read_device(const reader& r, const json& j, const std::string& path, recorded_device& d) {
  if (!j.is_object())
    return r.fail(path, "expected an object");
  for (auto [key, field] : {std::pair{"protocol", &d.identity.protocol}, std::pair{"model", &d.identity.model},
                            std::pair{"firmware", &d.identity.firmware}})
    if (auto err = r.text(j, key, path, *field); err)
      return err;
  if (auto err = r.topic(j, "state_topic", path, d.state_topic); err)
    return err;
  if (auto err = r.topic(j, "availability_topic", path, d.availability_topic); err)
    return err;
  if (auto err = r.flag(j, "state_known", path, d.identity.state_known); err)
    return err;
  return read_maps(r, j, path, d);
}

} // namespace

std::string discovery_registry::to_json() const {
  json devices = json::object();
  for (const auto& [id, record] : devices_)
    devices[id] = device_json(record);
  return json{{"format", registry_format}, {"devices", std::move(devices)}}.dump(
    1, ' ', false, json::error_handler_t::replace);
}

caf::expected<discovery_registry> discovery_registry::from_json(std::string_view text) {
  const reader r;
  if (text.find('\0') != std::string_view::npos)
    return r.fail("registry", "contains NUL");
  const auto j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return r.fail("registry", "not a JSON object");
  const auto format = j.find("format");
  if (format == j.end() || !format->is_number_integer() || format->get<int>() != registry_format)
    return r.fail("format", "expected " + std::to_string(registry_format));
  const json* devices = nullptr;
  if (auto err = r.object(j, "devices", "registry", devices); err)
    return err;
  discovery_registry out;
  for (const auto& [id, record] : devices->items()) {
    if (!is_valid_device_id(id))
      return r.fail("devices." + id, "not a device id");
    if (auto err = read_device(r, record, "devices." + id, out.devices_[id]); err)
      return err;
  }
  return out;
}

} // namespace meterhub::mirror

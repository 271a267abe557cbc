#include "meterhub/mirror/discovery_registry.hpp"

#include "meterhub/core/obis.hpp"

namespace meterhub::mirror {

namespace {

/// Bumped whenever discovery_payload writes something else for the same inputs, so saved registries re-announce.
constexpr std::string_view payload_format = "ha-sensor-1";

/// FNV-1a, 64 bits: a digest that is the same in every process and build, unlike std::hash.
class digest {
public:
  digest& add(std::string_view text) noexcept {
    for (unsigned char c : text)
      value_ = (value_ ^ c) * 0x100000001b3ull;
    value_ = (value_ ^ 0x1f) * 0x100000001b3ull; // field separator
    return *this;
  }
  digest& add(std::int64_t number) { return add(std::string_view{std::to_string(number)}); }
  std::uint64_t value() const noexcept { return value_ == 0 ? 1 : value_; } // 0 means "not announced"

private:
  std::uint64_t value_ = 0xcbf29ce484222325ull;
};

std::uint64_t signature_of(const settings& s, std::string_view topic, std::string_view device,
                           const device_identity& id, const value_facts& v) {
  const auto named = s.discovery.device_names.find(std::string{device});
  digest d;
  d.add(payload_format).add(topic).add(s.prefix).add(s.qos).add(s.publish.state ? 1 : 0).add(s.topics.value);
  d.add(s.topics.availability).add(s.discovery.id_prefix).add(s.discovery.reactive_energy_class ? 1 : 0);
  d.add(s.discovery.bridge_availability_topic).add(s.discovery.origin_version);
  d.add(named == s.discovery.device_names.end() ? std::string_view{} : std::string_view{named->second});
  d.add(device).add(id.protocol).add(id.model).add(id.firmware).add(id.state_known ? 1 : 0);
  d.add(v.name).add(v.quantity).add(static_cast<std::int64_t>(v.u)).add(v.text ? 1 : 0);
  return d.add(static_cast<std::int64_t>(v.medium)).value();
}

/// The M-Bus channel of a meter reading 0-n:24.2.x (whose class depends on the medium), 0 for other quantities.
int mbus_channel(std::string_view quantity) noexcept {
  const auto code = obis_code::parse(quantity);
  return code && code->a() == 0 && code->b() != 0 && code->c() == 24 && code->d() == 2 ? code->b() : 0;
}

mbus_medium medium_of(const recorded_device& rec, std::string_view quantity) {
  const auto channel = mbus_channel(quantity);
  const auto it = rec.mbus_types.find(channel);
  return channel == 0 || it == rec.mbus_types.end() ? mbus_medium::unknown : medium_of_mbus_type(it->second);
}

/// Records 0-n:24.1.0 readings; true when a channel's type changed.
bool record_mbus_types(recorded_device& rec, const reading_batch& batch) {
  bool changed = false;
  for (const auto& r : batch.readings) {
    const auto code = obis_code::parse(r.quantity);
    if (!code || code->a() != 0 || code->b() == 0 || code->c() != 24 || code->d() != 1 || code->e() != 0 ||
        !r.value || *r.value < 0 || *r.value > 255)
      continue;
    auto& type = rec.mbus_types[code->b()];
    changed = changed || type != static_cast<int>(*r.value);
    type = static_cast<int>(*r.value);
  }
  return changed;
}

/// Takes the facts of `r` and its plain topic into `value`; true when something changed.
bool record_value(recorded_value& value, const reading& r, std::string topic) {
  const bool is_text = !r.value;
  if (value.quantity == r.quantity && value.u == r.unit && value.text == is_text && value.value_topic == topic &&
      !value.quantity.empty())
    return false;
  value.quantity = r.quantity;
  value.u = r.unit;
  value.text = is_text;
  value.value_topic = std::move(topic);
  return true;
}

message clear(const settings& s, std::string topic) {
  return {std::move(topic), {}, true, s.qos};
}

} // namespace

std::vector<message> discovery_registry::announce(const settings& s, const topic_builder& topics,
                                                  std::string_view device, recorded_device& record,
                                                  const std::string& name, recorded_value& value) {
  if (!s.discovery.enabled || value.value_topic.empty())
    return {};
  const value_facts facts{name, value.quantity, value.u, value.text, medium_of(record, value.quantity)};
  auto topic = topics.discovery_config(device, name);
  const auto signature = signature_of(s, topic, device, record.identity, facts);
  if (signature == value.signature && topic == value.config_topic)
    return {};
  std::vector<message> out;
  if (!value.config_topic.empty() && value.config_topic != topic)
    out.push_back(clear(s, value.config_topic));
  out.push_back(discovery_message(s, topics, device, record.identity, facts));
  value.config_topic = std::move(topic);
  value.signature = signature;
  ++revision_;
  return out;
}

std::vector<message> discovery_registry::observe_values(const settings& s, const topic_builder& topics,
                                                        const reading_batch& batch,
                                                        const std::vector<plain_value>& values) {
  auto [it, fresh] = devices_.try_emplace(batch.device);
  auto& record = it->second;
  revision_ += fresh ? 1 : 0;
  const bool types_changed = record_mbus_types(record, batch);
  revision_ += types_changed ? 1 : 0;
  std::vector<message> out;
  auto add = [&](const std::string& name, recorded_value& value) {
    for (auto& m : announce(s, topics, batch.device, record, name, value))
      out.push_back(std::move(m));
  };
  for (const auto& v : values) {
    auto& value = record.values[v.name];
    auto topic = s.publish.plain ? topics.value(batch.device, v.name, v.item->quantity) : std::string{};
    if (record_value(value, *v.item, std::move(topic)))
      ++revision_;
    add(v.name, value);
  }
  if (types_changed)
    for (auto& [name, value] : record.values)
      add(name, value);
  return out;
}

std::vector<message> discovery_registry::observe_device(const settings& s, const topic_builder& topics,
                                                        std::string_view device, const device_status& status) {
  auto [it, fresh] = devices_.try_emplace(std::string{device});
  auto& record = it->second;
  revision_ += fresh ? 1 : 0;
  auto state_topic = s.publish.state ? topics.state(device) : std::string{};
  auto availability_topic = s.publish.state ? topics.availability(device) : std::string{};
  if (state_topic != record.state_topic || availability_topic != record.availability_topic) {
    record.state_topic = std::move(state_topic);
    record.availability_topic = std::move(availability_topic);
    ++revision_;
  }
  const device_identity identity{status.protocol, status.model, status.firmware, true};
  if (identity == record.identity)
    return {};
  record.identity = identity;
  ++revision_;
  std::vector<message> out;
  for (auto& [name, value] : record.values)
    for (auto& m : announce(s, topics, device, record, name, value))
      out.push_back(std::move(m));
  return out;
}

void discovery_registry::observe_alert_rule(std::string_view device, std::string_view rule, std::string topic) {
  auto& rules = devices_[std::string{device}].alert_rules;
  auto [it, added] = rules.try_emplace(std::string{rule}, topic);
  if (added || it->second != topic) {
    it->second = std::move(topic);
    ++revision_;
  }
}

std::vector<message> discovery_registry::remove_device(const settings& s, std::string_view device) {
  const auto it = devices_.find(device);
  if (it == devices_.end())
    return {};
  const auto& record = it->second;
  std::vector<message> out;
  for (const auto& [name, value] : record.values)
    if (!value.config_topic.empty())
      out.push_back(clear(s, value.config_topic));
  for (const auto& [name, value] : record.values)
    if (!value.value_topic.empty())
      out.push_back(clear(s, value.value_topic));
  for (const auto& [rule, topic] : record.alert_rules)
    out.push_back(clear(s, topic));
  for (const auto* topic : {&record.state_topic, &record.availability_topic})
    if (!topic->empty())
      out.push_back(clear(s, *topic));
  devices_.erase(it);
  ++revision_;
  return out;
}

std::optional<std::string> discovery_registry::quantity_of(std::string_view device, std::string_view name) const {
  const auto* record = find(device);
  if (!record)
    return std::nullopt;
  const auto it = record->values.find(std::string{name});
  return it == record->values.end() ? std::nullopt : std::optional<std::string>{it->second.quantity};
}

const recorded_device* discovery_registry::find(std::string_view device) const {
  const auto it = devices_.find(device);
  return it == devices_.end() ? nullptr : &it->second;
}

std::vector<std::string> discovery_registry::devices() const {
  std::vector<std::string> out;
  out.reserve(devices_.size());
  for (const auto& [id, record] : devices_)
    out.push_back(id);
  return out;
}

} // namespace meterhub::mirror

#include "meterhub/mirror/discovery_registry.hpp"

namespace meterhub::mirror {

namespace {

/// Replaces a recorded retained topic by `wanted` (empty: no longer published); the old one is cleared.
void move_topic(const settings& s, std::string& recorded, const std::string& wanted, std::vector<message>& out,
                std::uint64_t& revision) {
  if (recorded == wanted)
    return;
  if (!recorded.empty())
    out.push_back({recorded, {}, true, s.qos});
  recorded = wanted;
  ++revision;
}

/// State, availability and alert rule topics: moved when their template changed, cleared when their mirror is off.
/// The retained DeviceStates on the bus come again with the bridge's subscription and set the state topics anew.
void reconcile_device_topics(const settings& s, const topic_builder& topics, const std::string& id,
                             recorded_device& record, std::vector<message>& out, std::uint64_t& revision) {
  const bool state = s.publish.state && !record.state_topic.empty();
  move_topic(s, record.state_topic, state ? topics.state(id) : std::string{}, out, revision);
  const bool availability = s.publish.state && !record.availability_topic.empty();
  move_topic(s, record.availability_topic, availability ? topics.availability(id) : std::string{}, out, revision);
  for (auto it = record.alert_rules.begin(); it != record.alert_rules.end();) {
    const auto wanted = s.publish.alerts ? topics.alert_rule(id, it->first) : std::string{};
    move_topic(s, it->second, wanted, out, revision);
    it = it->second.empty() ? record.alert_rules.erase(it) : std::next(it);
  }
}

} // namespace

std::vector<message> discovery_registry::reconcile(const settings& s, const topic_builder& topics) {
  std::vector<message> out;
  for (const auto& id : devices()) {
    if (!s.devices.allows(id)) {
      for (auto& m : remove_device(s, id))
        out.push_back(std::move(m));
      continue;
    }
    auto& record = devices_.find(id)->second;
    for (auto& [name, value] : record.values) {
      move_topic(s, value.value_topic, s.publish.plain ? topics.value(id, name, value.quantity) : std::string{},
                 out, revision_);
      if (s.discovery.enabled) {
        for (auto& m : announce(s, topics, id, record, name, value))
          out.push_back(std::move(m));
      } else {
        move_topic(s, value.config_topic, {}, out, revision_);
        value.signature = 0;
      }
    }
    reconcile_device_topics(s, topics, id, record, out, revision_);
  }
  return out;
}

} // namespace meterhub::mirror

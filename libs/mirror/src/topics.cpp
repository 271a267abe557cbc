#include "meterhub/mirror/topics.hpp"

#include "meterhub/core/text.hpp"

namespace meterhub::mirror {

namespace {

constexpr std::string_view set_level = "/set/";
constexpr std::size_t max_target = 128;

} // namespace

std::string_view topic_problem(std::string_view topic) noexcept {
  if (topic.empty())
    return "must not be empty";
  if (topic.front() == '$')
    return "must not start with '$' (broker system topics)";
  if (topic.find_first_of("+#") != std::string_view::npos)
    return "must not contain the wildcards '+' or '#'";
  if (topic.find('\0') != std::string_view::npos)
    return "must not contain NUL";
  if (topic.front() == '/' || topic.back() == '/' || topic.find("//") != std::string_view::npos)
    return "must not have an empty level";
  return {};
}

std::string topic_level(std::string_view text) {
  if (text.empty())
    return "_";
  std::string out{text};
  for (auto& c : out)
    if (c == '/' || c == '+' || c == '#' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      c = '_';
  return out;
}

std::string discovery_id(std::string_view text) {
  std::string out{text};
  for (auto& c : out)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      c = '_';
  return out;
}

topic_builder::topic_builder(const settings& s)
    : prefix_(s.prefix), discovery_prefix_(s.discovery.prefix), templates_(s.topics) {}

std::string topic_builder::expand(const std::string& pattern, std::string_view device, std::string_view name,
                                  std::string_view quantity, std::string_view rule) const {
  const auto safe_device = topic_level(device), safe_name = topic_level(name), safe_quantity = topic_level(quantity),
             safe_rule = topic_level(rule);
  std::string out;
  out.reserve(pattern.size() + prefix_.size() + device.size() + name.size() + 8);
  for (std::size_t i = 0; i < pattern.size();) {
    const auto rest = std::string_view{pattern}.substr(i);
    auto put = [&](std::string_view key, std::string_view value) {
      if (!rest.starts_with(key))
        return false;
      out += value;
      i += key.size();
      return true;
    };
    if (rest.front() == '{' && (put("{prefix}", prefix_) || put("{device}", safe_device) || put("{name}", safe_name) ||
                                put("{quantity}", safe_quantity) || put("{rule}", safe_rule)))
      continue;
    out += pattern[i++];
  }
  return out;
}

std::string topic_builder::value(std::string_view device, std::string_view name, std::string_view quantity) const {
  return expand(templates_.value, device, name, quantity);
}

std::string topic_builder::batch(std::string_view device) const {
  return expand(templates_.batch, device);
}

std::string topic_builder::state(std::string_view device) const {
  return expand(templates_.state, device);
}

std::string topic_builder::availability(std::string_view device) const {
  return expand(templates_.availability, device);
}

std::string topic_builder::alert(std::string_view device) const {
  return expand(templates_.alert, device);
}

std::string topic_builder::alert_rule(std::string_view device, std::string_view rule) const {
  std::string safe{rule};
  for (auto& c : safe)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
          c == '.'))
      c = '_';
  return expand(templates_.alert_rule, device, {}, {}, safe);
}

std::string topic_builder::discovery_config(std::string_view device, std::string_view name) const {
  return discovery_prefix_ + "/sensor/" + discovery_id(device) + "/" + discovery_id(name) + "/config";
}

std::string topic_builder::command_filter() const {
  return prefix_ + "/+/set/+";
}

std::optional<command_address> topic_builder::parse_command_topic(std::string_view topic) const {
  if (!topic_problem(topic).empty() || !is_valid_utf8(topic))
    return std::nullopt; // no broker delivers such a topic; and the answer's topic is made from it
  if (topic.size() <= prefix_.size() + 1 || !topic.starts_with(prefix_) || topic[prefix_.size()] != '/')
    return std::nullopt;
  topic.remove_prefix(prefix_.size() + 1);
  const auto set = topic.find(set_level);
  if (set == std::string_view::npos || set == 0)
    return std::nullopt;
  const auto device = topic.substr(0, set);
  const auto target = topic.substr(set + set_level.size());
  if (device.find('/') != std::string_view::npos || target.empty() || target.size() > max_target ||
      target.find('/') != std::string_view::npos)
    return std::nullopt;
  return command_address{std::string{device}, std::string{target}};
}

std::string topic_builder::command_result(std::string_view device, std::string_view target) const {
  return prefix_ + "/" + std::string{device} + "/set/" + std::string{target} + "/result";
}

} // namespace meterhub::mirror

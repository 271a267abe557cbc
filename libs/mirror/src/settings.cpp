#include "meterhub/mirror/settings.hpp"

#include <array>

#include "meterhub/core/reading.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/mirror/topics.hpp"

namespace meterhub::mirror {

namespace {

constexpr std::array<std::pair<command_kind, std::string_view>, 5> kind_names{{
  {command_kind::read, "read"},
  {command_kind::write, "write"},
  {command_kind::set_clock, "set_clock"},
  {command_kind::read_archive, "read_archive"},
  {command_kind::poll, "poll"},
}};

caf::error bad(std::string_view key, std::string_view reason) {
  return make_error(mirror_errc::bad_settings, std::string{key} + ": " + std::string{reason});
}

caf::error check_template(std::string_view key, const std::string& t, std::string_view required) {
  if (auto problem = topic_problem(t); !problem.empty())
    return bad(key, problem);
  if (t.find("{device}") == std::string::npos)
    return bad(key, "must contain {device}");
  if (!required.empty() && t.find(required) == std::string::npos)
    return bad(key, "must contain " + std::string{required});
  if (t.find("{device}/set") != std::string::npos)
    return bad(key, "{device}/set/... is where commands arrive");
  static constexpr std::array<std::string_view, 5> known{"{prefix}", "{device}", "{name}", "{quantity}", "{rule}"};
  for (auto open = t.find('{'); open != std::string::npos; open = t.find('{', open + 1)) {
    bool ok = false;
    for (auto k : known)
      ok = ok || t.compare(open, k.size(), k) == 0;
    if (!ok)
      return bad(key, "unknown placeholder at \"" + t.substr(open) + "\"");
  }
  return {};
}

caf::error check_topics(const topic_templates& t) {
  const std::array<std::pair<std::string_view, const std::string*>, 5> fixed{{
    {"topics.batch", &t.batch}, {"topics.state", &t.state}, {"topics.availability", &t.availability},
    {"topics.alert", &t.alert}, {"topics.alert_rule", &t.alert_rule}}};
  if (auto err = check_template("topics.value", t.value, {}))
    return err;
  if (t.value.find("{name}") == std::string::npos && t.value.find("{quantity}") == std::string::npos)
    return bad("topics.value", "must contain {name} or {quantity}");
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    if (auto err = check_template(fixed[i].first, *fixed[i].second, i == 4 ? "{rule}" : ""))
      return err;
    for (std::size_t j = 0; j < i; ++j)
      if (*fixed[i].second == *fixed[j].second)
        return bad(fixed[i].first, "is the same topic as " + std::string{fixed[j].first});
  }
  return {};
}

caf::error check_discovery(const settings& s) {
  const auto& d = s.discovery;
  if (!d.enabled)
    return {};
  if (!s.publish.plain)
    return bad("discovery.enabled", "needs the plain mirror (publish.plain): its topics are the state topics");
  if (auto problem = topic_problem(d.prefix); !problem.empty())
    return bad("discovery.prefix", problem);
  if (d.id_prefix.empty())
    return bad("discovery.id_prefix", "must not be empty");
  for (char c : d.id_prefix)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return bad("discovery.id_prefix", "only letters, digits, '_' and '-'");
  if (!d.bridge_availability_topic.empty())
    if (auto problem = topic_problem(d.bridge_availability_topic); !problem.empty())
      return bad("discovery.bridge_availability_topic", problem);
  for (const auto& [device, name] : d.device_names)
    if (!is_valid_device_id(device))
      return bad("discovery.device_names", "'" + device + "' is not a device id");
  return {};
}

caf::error check_commands(const command_policy& c) {
  if (!c.enabled)
    return {};
  if (c.rules.empty())
    return bad("commands.rules", "commands are enabled but no rule allows any");
  for (std::size_t i = 0; i < c.rules.size(); ++i) {
    const auto key = "commands.rules[" + std::to_string(i) + "]";
    const auto& r = c.rules[i];
    if (r.devices.empty() || r.targets.empty() || r.kinds.empty())
      return bad(key, "needs devices, targets and kinds");
  }
  if (c.max_timeout_ms == 0 || c.default_timeout_ms == 0 || c.default_timeout_ms > c.max_timeout_ms)
    return bad("commands.default_timeout_ms", "must be above 0 and at most commands.max_timeout_ms");
  return {};
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  // Iterative matcher: on a mismatch after a '*', retry with the star taking one more character. Linear in the
  // pattern times the text at worst, no recursion (patterns and targets come from configuration and the broker).
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p, ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

bool device_filter::allows(std::string_view device) const noexcept {
  for (const auto& pattern : deny)
    if (glob_match(pattern, device))
      return false;
  for (const auto& pattern : allow)
    if (glob_match(pattern, device))
      return true;
  return false;
}

std::string_view to_string(command_kind kind) noexcept {
  for (const auto& [k, name] : kind_names)
    if (k == kind)
      return name;
  return "unknown";
}

std::optional<command_kind> parse_command_kind(std::string_view name) noexcept {
  for (const auto& [k, n] : kind_names)
    if (n == name)
      return k;
  return std::nullopt;
}

caf::error validate(const settings& s, std::string_view bus_prefix) {
  if (auto problem = topic_problem(s.prefix); !problem.empty())
    return bad("prefix", problem);
  if (s.prefix == bus_prefix || s.prefix.starts_with(std::string{bus_prefix} + "/v1"))
    return bad("prefix", "must stay apart from the bus contract's topics (" + std::string{bus_prefix} + "/v1/...)");
  if (s.qos < 0 || s.qos > 2)
    return bad("qos", "must be 0, 1 or 2");
  for (const auto* list : {&s.devices.allow, &s.devices.deny})
    for (const auto& pattern : *list)
      if (pattern.empty())
        return bad("devices", "an empty pattern matches nothing; leave it out");
  if (auto err = check_topics(s.topics))
    return err;
  if (auto err = check_discovery(s))
    return err;
  return check_commands(s.commands);
}

} // namespace meterhub::mirror

#include <algorithm>

#include "command_payload.hpp"
#include "meterhub/core/obis.hpp"
#include "meterhub/core/quantity_names.hpp"
#include "meterhub/mirror/command.hpp"
#include "meterhub/mirror/error.hpp"

namespace meterhub::mirror {

namespace {

caf::error refuse(mirror_errc code, std::string detail) {
  return make_error(code, std::move(detail));
}

bool any_match(const std::vector<std::string>& patterns, std::string_view text) {
  for (const auto& p : patterns)
    if (glob_match(p, text))
      return true;
  return false;
}

/// The texts a target pattern may match: the target, its quantity and that quantity's readable name.
bool target_listed(const command_rule& rule, std::string_view target, const std::optional<std::string>& quantity) {
  return any_match(rule.targets, target) ||
         (quantity && (any_match(rule.targets, *quantity) || any_match(rule.targets, readable_name(*quantity))));
}

bool is_table_name(std::string_view name) {
  for (const auto& row : quantity_name_table())
    if (row.name == name && !row.quantity.starts_with("0-n:"))
      return true;
  return false;
}

command_kind default_kind(std::string_view target, const detail::command_payload& p) {
  if (p.kind)
    return *p.kind;
  if (p.value)
    return command_kind::write;
  if (target == "poll")
    return command_kind::poll;
  if (target == "clock")
    return command_kind::set_clock;
  if (target == "archive")
    return command_kind::read_archive;
  return command_kind::read;
}

caf::error check_kind_fields(command_kind kind, const detail::command_payload& p) {
  if (kind == command_kind::write && !p.value)
    return refuse(mirror_errc::malformed_command, "value: a write needs one");
  if (kind != command_kind::write && p.value)
    return refuse(mirror_errc::malformed_command, "value: only a write takes one, this is a " +
                                                      std::string{to_string(kind)});
  if (kind == command_kind::read_archive && !p.time_ms)
    return refuse(mirror_errc::malformed_command, "time: read_archive needs the day to read");
  return {};
}

/// Fills the bus fields from the payload and the target (command.hpp says which goes where).
command_request build(const settings& s, const command_address& where, detail::command_payload p,
                      command_kind kind, const std::optional<std::string>& quantity) {
  command_request r;
  r.device = where.device;
  r.target = where.target;
  r.client_id = std::move(p.id);
  r.kind = kind;
  r.quantities = std::move(p.quantities);
  const bool special = kind != command_kind::read && kind != command_kind::write;
  if (quantity && !special)
    r.quantities.insert(r.quantities.begin(), *quantity);
  if (p.address)
    r.address = std::move(*p.address);
  else if (kind == command_kind::write || (kind == command_kind::read && !quantity))
    r.address = where.target;
  r.value = p.value.value_or(std::string{});
  r.time_ms = p.time_ms.value_or(0);
  r.timeout_ms = p.timeout_ms.value_or(s.commands.default_timeout_ms);
  r.args = std::move(p.args);
  return r;
}

} // namespace

std::optional<std::string> target_quantity(std::string_view device, std::string_view target,
                                           const name_lookup& known) {
  if (known)
    if (auto q = known(device, target))
      return q;
  if (auto code = obis_code::parse(target))
    return code->to_string();
  if (target.starts_with("x:"))
    return std::string{target};
  auto q = quantity_of_name(target);
  if (q && (!q->starts_with("x:") || target.starts_with("x_") || is_table_name(target)))
    return q;
  return std::nullopt; // a word that is no known name: the adapter's own address
}

caf::expected<command_request> parse_command(const settings& s, const command_address& where,
                                             std::string_view payload, const name_lookup& known) {
  const auto& policy = s.commands;
  if (!policy.enabled)
    return refuse(mirror_errc::commands_disabled, "commands from plain MQTT are disabled (commands.enabled)");
  if (!is_valid_device_id(where.device))
    return refuse(mirror_errc::invalid_device, "'" + where.device + "' is not a device id");
  std::vector<const command_rule*> rules;
  for (const auto& rule : policy.rules)
    if (any_match(rule.devices, where.device))
      rules.push_back(&rule);
  if (!s.devices.allows(where.device) || rules.empty())
    return refuse(mirror_errc::device_not_allowed, "no command rule lists device " + where.device);
  const auto quantity = target_quantity(where.device, where.target, known);
  std::erase_if(rules, [&](const command_rule* r) { return !target_listed(*r, where.target, quantity); });
  if (rules.empty())
    return refuse(mirror_errc::target_not_allowed,
                  "no command rule lists target " + where.target + " for device " + where.device);
  auto p = detail::parse_payload(payload, policy.max_timeout_ms);
  if (!p)
    return std::move(p.error());
  const auto kind = default_kind(where.target, *p);
  if (auto err = check_kind_fields(kind, *p))
    return err;
  const bool allowed = std::any_of(rules.begin(), rules.end(), [kind](const command_rule* r) {
    return std::find(r->kinds.begin(), r->kinds.end(), kind) != r->kinds.end();
  });
  if (!allowed)
    return refuse(mirror_errc::kind_not_allowed, std::string{to_string(kind)} + " is not allowed for target " +
                                                     where.target + " of device " + where.device);
  return build(s, where, std::move(*p), kind, quantity);
}

} // namespace meterhub::mirror

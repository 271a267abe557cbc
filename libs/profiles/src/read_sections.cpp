// The sections around the registers: limits, defaults, groups, unpolled registers, identification.
#include <algorithm>

#include "loader.hpp"
#include "meterhub/profiles/numbering.hpp"

namespace meterhub::profiles::detail {

using namespace std::chrono_literals;

void load_state::fail_at(std::string_view path, std::string_view key, std::string_view reason) const {
  root.fail(std::string{path} + "." + std::string{key}, reason);
}

std::chrono::milliseconds read_duration(const config::reader& r, std::string_view key,
                                        std::chrono::milliseconds fallback) {
  auto text = r.get<std::string>(key, "");
  auto digits = text.find_first_not_of("0123456789");
  if ((digits == std::string::npos ? text.size() : digits) > 9) {
    r.fail(key, "expected a duration such as 250ms, 20s, 5m, 2h or 7d, got " + in_quotes(text));
    return fallback;
  }
  return r.duration(key, fallback);
}

std::string section_path(const config::reader& r) {
  auto path = r.path_of("x");
  path.resize(path.size() > 2 ? path.size() - 2 : 0);
  return path;
}

namespace {

void read_boundaries(const config::reader& r, modbus::request_limits& limits) {
  auto items = r.strings("boundaries");
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (auto a = parse_address(items[i]))
      limits.boundaries.push_back(*a);
    else
      r.fail("boundaries[" + std::to_string(i) + "]",
             "expected an address (decimal or 0x hex), got " + in_quotes(items[i]));
  }
}

void read_forbidden(const config::reader& r, modbus::request_limits& limits) {
  auto items = r.strings("forbidden");
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (auto range = parse_address_range(items[i]))
      limits.forbidden.push_back(*range);
    else
      r.fail("forbidden[" + std::to_string(i) + "]",
             "expected FIRST-LAST such as 0x0060-0x0063 (first ≤ last), got " + in_quotes(items[i]));
  }
}

} // namespace

void read_limits(const config::reader& r, profile& p) {
  r.allow_only({"max_registers", "max_bits", "max_gap", "boundaries", "forbidden", "single_writes"});
  auto& limits = p.limits;
  // Modbus itself caps a read at 125 registers or 2000 bits (Application Protocol V1.1b3 §6.3, §6.1).
  limits.max_registers = static_cast<std::uint16_t>(r.integer("max_registers", 125, 1, 125));
  limits.max_bits = static_cast<std::uint16_t>(r.integer("max_bits", 2000, 1, 2000));
  limits.max_gap = static_cast<std::uint16_t>(r.integer("max_gap", 0, 0, 125));
  read_boundaries(r, limits);
  read_forbidden(r, limits);
  p.single_writes = r.get<bool>("single_writes", true);
}

register_defaults read_defaults(const config::reader& r) {
  r.allow_only({"table", "type", "word_order"});
  register_defaults d;
  d.table = read_table(r, "table").value_or(d.table);
  if (r.has("type"))
    d.type = read_value_type(r, "type").value_or(d.type);
  if (r.has("word_order"))
    d.order = read_word_order(r, "word_order").value_or(d.order);
  return d;
}

namespace {

void read_group_registers(const config::reader& g, load_state& st, poll_group& group) {
  if (g.has("items"))
    g.fail("items", "only for protocol mercury23x (Modbus groups list registers)");
  for (const auto& item : g.items("registers")) {
    read_register(item, st);
    group.registers.push_back(st.p.registers.size() - 1);
  }
  if (group.registers.empty())
    g.fail("registers", "the group names no register");
}

void read_group_items(const config::reader& g, poll_group& group) {
  if (g.has("registers"))
    g.fail("registers", "only for protocol modbus (Mercury groups list items)");
  group.items = g.strings("items");
  for (std::size_t i = 0; i < group.items.size(); ++i)
    if (!is_mercury_item(group.items[i]))
      g.fail("items[" + std::to_string(i) + "]",
             "unknown item " + in_quotes(group.items[i]) + " (known: " + mercury_item_list() + ")");
  if (group.items.empty())
    g.fail("items", "the group names no item");
}

void read_group(const config::reader& g, load_state& st) {
  g.allow_only({"name", "interval", "registers", "items"});
  poll_group group;
  group.name = g.require_string("name");
  if (!group.name.empty() && !is_valid_register_name(group.name))
    g.fail("name", "expected a name of a-z, 0-9 and _, got " + in_quotes(group.name));
  group.interval = read_duration(g, "interval", 10s);
  if (group.interval <= 0ms)
    g.fail("interval", "must be longer than 0");
  if (st.p.protocol == protocol::modbus)
    read_group_registers(g, st, group);
  else
    read_group_items(g, group);
  st.p.groups.push_back(std::move(group));
}

} // namespace

void read_groups(const config::reader& root, load_state& st) {
  auto groups = root.items("groups");
  if (groups.empty() && !root.has("groups"))
    root.fail("groups", "required key missing (the poll groups)");
  for (const auto& g : groups)
    read_group(g, st);
  for (std::size_t j = 0; j < st.p.groups.size(); ++j)
    for (std::size_t i = 0; i < j; ++i)
      if (!st.p.groups[j].name.empty() && st.p.groups[i].name == st.p.groups[j].name)
        root.fail("groups[" + std::to_string(j) + "].name",
                  in_quotes(st.p.groups[j].name) + " is already the name of groups[" + std::to_string(i) + "]");
}

void read_unpolled(const config::reader& root, load_state& st) {
  for (const auto& item : root.items("registers"))
    read_register(item, st);
}

namespace {

std::optional<std::size_t> index_of(const profile& p, std::string_view name) {
  for (std::size_t i = 0; i < p.registers.size(); ++i)
    if (p.registers[i].name == name)
      return i;
  return std::nullopt;
}

} // namespace

void read_identify(const config::reader& root, load_state& st) {
  for (const auto& r : root.items("identify")) {
    r.allow_only({"register", "equals", "any_of"});
    identify_rule rule;
    auto name = r.require_string("register");
    if (auto i = index_of(st.p, name))
      rule.register_index = *i;
    else if (!name.empty())
      r.fail("register", "no register named " + in_quotes(name) + " in the profile");
    if (r.has("equals"))
      rule.any_of.push_back(rule.equals = r.get<std::string>("equals", ""));
    for (auto& alternative : r.strings("any_of"))
      rule.any_of.push_back(std::move(alternative));
    if (rule.any_of.empty())
      r.fail("equals", "required key missing (or any_of: a list of alternatives)");
    st.p.identify.push_back(std::move(rule));
  }
}

} // namespace meterhub::profiles::detail

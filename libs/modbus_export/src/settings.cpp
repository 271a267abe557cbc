#include "meterhub/modbus_export/settings.hpp"

#include "meterhub/modbus_export/allowlist.hpp"
#include "meterhub/profiles/vocabulary.hpp"

namespace meterhub::modbus_export {

namespace {

using modbus::table;

std::uint16_t read_address(const config::reader& r, std::string_view key) {
  if (!r.has(key))
    r.fail(key, "required key missing");
  return static_cast<std::uint16_t>(r.integer(key, 0, 0, 65535));
}

std::optional<std::uint16_t> optional_address(const config::reader& r, std::string_view key) {
  if (!r.has(key))
    return std::nullopt;
  return static_cast<std::uint16_t>(r.integer(key, 0, 0, 65535));
}

table read_table(const config::reader& r, std::string_view second) {
  const auto name = r.choice("table", "holding", {"holding", second});
  return *modbus::table_from_string(name);
}

value_encoding read_encoding(const config::reader& r, std::string_view default_type) {
  value_encoding e;
  const auto type = r.get<std::string>("type", std::string{default_type});
  if (auto t = modbus::value_type_from_string(type); t && register_width(*t) > 0)
    e.type = *t;
  else
    r.fail("type", "expected one of f32, f64, u16, s16, u32, s32, u64, s64, got \"" + type + "\"");
  const auto order = r.get<std::string>("order", "ABCD");
  if (auto o = modbus::word_order_from_string(order))
    e.order = *o;
  else
    r.fail("order", "expected one of ABCD, CDAB, BADC, DCBA, got \"" + order + "\"");
  e.scaling.scale = r.get<double>("scale", 1.0);
  e.scaling.offset = r.get<double>("offset", 0.0);
  return e;
}

value_entry read_value(const config::reader& r) {
  r.allow_only({"quantity", "table", "address", "type", "order", "scale", "offset", "quality", "age", "age_type",
                "stale_after"});
  value_entry v;
  v.quantity = r.get<std::string>("quantity", ""); // check() reports a missing or wrong one
  if (auto canonical = profiles::canonical_quantity(v.quantity))
    v.quantity = *canonical; // a wrong one is reported by check() with the text as written
  v.table = read_table(r, "input");
  v.address = read_address(r, "address");
  v.encoding = read_encoding(r, "f32");
  v.quality_address = optional_address(r, "quality");
  v.age_address = optional_address(r, "age");
  v.age_type = r.choice("age_type", "u16", {"u16", "u32"}) == "u32" ? modbus::value_type::u32
                                                                     : modbus::value_type::u16;
  if (r.has("stale_after"))
    v.stale_after_ms = r.duration("stale_after", std::chrono::milliseconds{0}).count();
  return v;
}

command_entry read_command(const config::reader& r) {
  r.allow_only({"table", "address", "type", "order", "scale", "offset", "target"});
  command_entry c;
  c.table = read_table(r, "coil");
  c.address = read_address(r, "address");
  c.encoding = read_encoding(r, "u16");
  c.target = r.get<std::string>("target", ""); // check() reports a missing one
  return c;
}

unit_map read_unit(const config::reader& r) {
  r.allow_only({"unit", "device", "stale_after", "max_gap", "heartbeat", "values", "commands"});
  unit_map u;
  if (!r.has("unit"))
    r.fail("unit", "required key missing");
  u.unit_id = static_cast<std::uint8_t>(r.integer("unit", 1, 0, 255));
  u.device = r.require_string("device");
  u.stale_after_ms = r.duration("stale_after", std::chrono::milliseconds{u.stale_after_ms}).count();
  u.max_gap = static_cast<std::uint16_t>(r.integer("max_gap", u.max_gap, 0, 125));
  if (r.has("heartbeat")) {
    const auto beat = r.section("heartbeat");
    beat.allow_only({"table", "address"});
    u.heartbeat = register_ref{read_table(beat, "input"), read_address(beat, "address")};
  }
  for (const auto& item : r.items("values"))
    u.values.push_back(read_value(item));
  for (const auto& item : r.items("commands"))
    u.commands.push_back(read_command(item));
  return u;
}

server_settings read_server(const config::reader& r) {
  server_settings s;
  s.bind_address = r.get<std::string>("listen", s.bind_address);
  s.port = static_cast<std::uint16_t>(r.integer("port", s.port, 0, 65535));
  s.allow = r.strings("allow");
  for (std::size_t i = 0; i < s.allow.size(); ++i)
    if (auto why = address_block_problem(s.allow[i]); !why.empty())
      r.fail("allow[" + std::to_string(i) + "]", "\"" + s.allow[i] + "\": " + why);
  s.max_clients = static_cast<std::size_t>(r.integer("max_clients", 32, 1, 4096));
  s.idle_timeout = r.duration("idle_timeout", s.idle_timeout);
  s.frame_timeout = r.duration("frame_timeout", s.frame_timeout);
  if (s.idle_timeout.count() < 0)
    r.fail("idle_timeout", "must not be negative (0s: never)");
  if (s.frame_timeout.count() <= 0)
    r.fail("frame_timeout", "must be more than 0");
  return s;
}

} // namespace

export_settings read_export_settings(const config::reader& r) {
  r.allow_only({"enabled", "listen", "port", "allow", "max_clients", "idle_timeout", "frame_timeout", "units"});
  export_settings out;
  out.enabled = r.get<bool>("enabled", false);
  if (!out.enabled)
    return out;
  out.server = read_server(r);
  for (const auto& item : r.items("units"))
    out.map.units.push_back(read_unit(item));
  for (const auto& problem : check(out.map))
    r.fail(problem.key, problem.reason);
  return out;
}

} // namespace meterhub::modbus_export

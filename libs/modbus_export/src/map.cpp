// The register map's checks: everything that would make a map unservable or ambiguous is found before the server
// starts, with the key and the reason, as the design brief's "bad configuration stops the service at start".
#include "meterhub/modbus_export/map.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <tuple>

#include "meterhub/core/reading.hpp"
#include "meterhub/modbus_export/error.hpp"
#include "meterhub/profiles/vocabulary.hpp"

namespace meterhub::modbus_export {

namespace {

using modbus::table;
using modbus::value_type;

/// A run of registers (or coils) that one thing of the map occupies; `last` inclusive.
struct claim {
  table where;
  std::uint32_t first;
  std::uint32_t last;
  std::string key;   ///< from the map's root: "units[0].values[1].address"
  std::size_t order; ///< position in the map, so the later of two overlapping claims is the one reported
};

/// A claim's key within its unit ("values[1].address"): overlaps are always between siblings.
std::string_view within_unit(const std::string& key) {
  return std::string_view{key}.substr(key.find("].") + 2);
}

std::string span_text(std::uint32_t first, std::uint32_t last) {
  return "registers " + std::to_string(first) + ".." + std::to_string(last);
}

class map_checker {
public:
  std::vector<map_problem> problems;

  void fail(std::string key, std::string reason) { problems.push_back({std::move(key), std::move(reason)}); }

  void check_unit(const unit_map& u, const std::string& key);
  void check_overlaps();

private:
  void check_value(const value_entry& v, const std::string& key);
  void check_command(const command_entry& c, const std::string& key);
  void check_encoding(const value_encoding& e, const std::string& key);
  void claim_registers(table where, std::uint32_t address, unsigned width, std::string key);

  std::vector<claim> claims_; // of the unit being checked
};

void map_checker::claim_registers(table where, std::uint32_t address, unsigned width, std::string key) {
  const std::uint32_t last = address + width - 1;
  if (last > 0xFFFF) {
    fail(key, "needs " + span_text(address, last) + ", past the last address 65535");
    return;
  }
  claims_.push_back({where, address, last, std::move(key), claims_.size()});
}

void map_checker::check_encoding(const value_encoding& e, const std::string& key) {
  if (register_width(e.type) == 0)
    fail(key + ".type", std::string{modbus::to_string(e.type)}
                          + " cannot be exported (use f32, f64, u16, s16, u32, s32, u64 or s64)");
  if (!std::isfinite(e.scaling.scale))
    fail(key + ".scale", "must be a finite number");
  else if (e.scaling.scale == 0.0)
    fail(key + ".scale", "must not be 0");
  if (!std::isfinite(e.scaling.offset))
    fail(key + ".offset", "must be a finite number");
}

void map_checker::check_value(const value_entry& v, const std::string& key) {
  if (auto canonical = profiles::canonical_quantity(v.quantity); !canonical)
    fail(key + ".quantity", "expected an OBIS code A-B:C.D.E or x:{name}, got \"" + v.quantity + "\"");
  else if (*canonical != v.quantity)
    fail(key + ".quantity", "write \"" + *canonical + "\" as the bus names it, not \"" + v.quantity + "\"");
  if (v.table != table::holding && v.table != table::input) {
    fail(key + ".table", "must be holding or input, not " + std::string{modbus::to_string(v.table)});
    return;
  }
  check_encoding(v.encoding, key);
  if (auto width = register_width(v.encoding.type); width > 0)
    claim_registers(v.table, v.address, width, key + ".address");
  if (v.quality_address)
    claim_registers(v.table, *v.quality_address, 1, key + ".quality");
  if (v.age_type != value_type::u16 && v.age_type != value_type::u32)
    fail(key + ".age_type", "must be u16 or u32, not " + std::string{modbus::to_string(v.age_type)});
  else if (v.age_address)
    claim_registers(v.table, *v.age_address, register_width(v.age_type), key + ".age");
  if (v.stale_after_ms && *v.stale_after_ms < 1000)
    fail(key + ".stale_after", "must be at least 1s");
}

void map_checker::check_command(const command_entry& c, const std::string& key) {
  if (c.target.empty())
    fail(key + ".target", "names no command target");
  if (c.table == table::coil) {
    claim_registers(table::coil, c.address, 1, key + ".address");
    return;
  }
  if (c.table != table::holding) {
    fail(key + ".table", "must be holding or coil, not " + std::string{modbus::to_string(c.table)});
    return;
  }
  check_encoding(c.encoding, key);
  if (auto width = register_width(c.encoding.type); width > 0)
    claim_registers(table::holding, c.address, width, key + ".address");
}

void map_checker::check_unit(const unit_map& u, const std::string& key) {
  claims_.clear();
  if (!is_valid_device_id(u.device))
    fail(key + ".device",
         "expected a device id ([a-z0-9][a-z0-9_.-]*, at most 64 characters), got \"" + u.device + "\"");
  if (u.stale_after_ms < 1000)
    fail(key + ".stale_after", "must be at least 1s");
  if (u.max_gap > 125)
    fail(key + ".max_gap", "must be at most 125 (one read's worth of registers), got " + std::to_string(u.max_gap));
  if (u.heartbeat) {
    if (u.heartbeat->table != table::holding && u.heartbeat->table != table::input)
      fail(key + ".heartbeat.table", "must be holding or input");
    else
      claim_registers(u.heartbeat->table, u.heartbeat->address, 1, key + ".heartbeat.address");
  }
  for (std::size_t i = 0; i < u.values.size(); ++i)
    check_value(u.values[i], key + ".values[" + std::to_string(i) + "]");
  for (std::size_t i = 0; i < u.commands.size(); ++i)
    check_command(u.commands[i], key + ".commands[" + std::to_string(i) + "]");
  if (u.values.empty() && u.commands.empty() && !u.heartbeat)
    fail(key, "maps no register (values, commands or heartbeat)");
  check_overlaps();
}

void map_checker::check_overlaps() {
  std::sort(claims_.begin(), claims_.end(), [](const claim& a, const claim& b) {
    return std::tie(a.where, a.first, a.order) < std::tie(b.where, b.first, b.order);
  });
  std::vector<map_problem> found;
  const claim* widest = nullptr; // the claim reaching furthest among those sorted so far, in this table
  for (const auto& c : claims_) {
    if (widest != nullptr && widest->where == c.where && c.first <= widest->last) {
      const auto& [later, earlier] = c.order > widest->order ? std::pair{&c, widest} : std::pair{widest, &c};
      found.push_back({later->key, span_text(later->first, later->last) + " (" + std::string{to_string(c.where)}
                                     + ") overlap " + std::string{within_unit(earlier->key)} + " ("
                                     + span_text(earlier->first, earlier->last) + ")"});
    }
    if (widest == nullptr || widest->where != c.where || c.last > widest->last)
      widest = &c;
  }
  std::sort(found.begin(), found.end(), [](const map_problem& a, const map_problem& b) { return a.key < b.key; });
  problems.insert(problems.end(), found.begin(), found.end());
}

} // namespace

unsigned register_width(modbus::value_type type) noexcept {
  switch (type) {
    case value_type::u16:
    case value_type::s16:
      return 1;
    case value_type::u32:
    case value_type::s32:
    case value_type::f32:
      return 2;
    case value_type::u64:
    case value_type::s64:
    case value_type::f64:
      return 4;
    default:
      return 0;
  }
}

std::vector<map_problem> check(const export_map& map) {
  map_checker checker;
  if (map.units.empty())
    checker.fail("units", "maps no unit");
  std::set<unsigned> seen;
  for (std::size_t i = 0; i < map.units.size(); ++i) {
    const auto key = "units[" + std::to_string(i) + "]";
    const auto& u = map.units[i];
    if (!seen.insert(u.unit_id).second)
      checker.fail(key + ".unit", "unit id " + std::to_string(u.unit_id) + " is mapped twice");
    checker.check_unit(u, key);
  }
  return std::move(checker.problems);
}

caf::error validate(const export_map& map, std::string_view key_prefix) {
  auto problems = check(map);
  if (problems.empty())
    return {};
  std::string text;
  for (const auto& p : problems) {
    if (!text.empty())
      text += '\n';
    if (!key_prefix.empty())
      text.append(key_prefix).append(".");
    text += p.key + ": " + p.reason;
  }
  return make_error(export_errc::bad_map, text);
}

} // namespace meterhub::modbus_export

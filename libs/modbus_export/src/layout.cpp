#include "meterhub/modbus_export/layout.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace meterhub::modbus_export {

namespace {

using modbus::table;

/// Registers one thing occupies; `last` inclusive.
struct occupied {
  std::uint32_t first;
  std::uint32_t last;
};

/// Merges the occupied runs of one table into blocks: a run starting at most `max_gap` registers after the end of
/// the block so far extends it (the registers between read as 0), as a poller that reads across small holes expects.
table_layout blocks_of(std::vector<occupied> runs, std::uint32_t max_gap) {
  std::sort(runs.begin(), runs.end(), [](const occupied& a, const occupied& b) { return a.first < b.first; });
  table_layout t;
  for (const auto& r : runs) {
    if (!t.blocks.empty()) {
      auto& b = t.blocks.back();
      const std::uint32_t end = b.start + b.count; // one past the block
      if (r.first <= end + max_gap) {
        b.count = std::max(end, r.last + 1) - b.start;
        continue;
      }
    }
    t.blocks.push_back({r.first, r.last - r.first + 1, 0});
  }
  for (auto& b : t.blocks) {
    b.offset = t.size;
    t.size += b.count;
  }
  return t;
}

/// What a unit occupies in its holding (first) and input (second) registers.
std::pair<std::vector<occupied>, std::vector<occupied>> occupied_by(const unit_map& u) {
  std::pair<std::vector<occupied>, std::vector<occupied>> out;
  auto add = [&](table t, std::uint32_t address, unsigned width) {
    (t == table::input ? out.second : out.first).push_back({address, address + width - 1});
  };
  for (const auto& v : u.values) {
    add(v.table, v.address, register_width(v.encoding.type));
    if (v.quality_address)
      add(v.table, *v.quality_address, 1);
    if (v.age_address)
      add(v.table, *v.age_address, register_width(v.age_type));
  }
  if (u.heartbeat)
    add(u.heartbeat->table, u.heartbeat->address, 1);
  for (const auto& c : u.commands)
    if (c.table == table::holding)
      add(table::holding, c.address, register_width(c.encoding.type));
  return out;
}

std::uint32_t stored_at(const table_layout& t, std::uint32_t address) {
  return *t.locate(address, 1); // every occupied register is in a block by construction
}

placed_value place(const value_entry& v, const unit_map& u, const unit_layout& l, std::size_t slot) {
  placed_value p{v, slot, v.stale_after_ms.value_or(u.stale_after_ms), 0, std::nullopt, std::nullopt};
  const auto& t = v.table == table::input ? l.input : l.holding;
  p.value_at = stored_at(t, v.address);
  if (v.quality_address)
    p.quality_at = stored_at(t, *v.quality_address);
  if (v.age_address)
    p.age_at = stored_at(t, *v.age_address);
  return p;
}

std::vector<placed_command> place_commands(const unit_map& u, const unit_layout& l) {
  std::vector<placed_command> out;
  for (const auto& c : u.commands) {
    placed_command p{c, 1, 0};
    if (c.table == table::holding) {
      p.width = register_width(c.encoding.type);
      p.readback_at = stored_at(l.holding, c.address);
    }
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const placed_command& a, const placed_command& b) {
    return std::tie(a.entry.table, a.entry.address) < std::tie(b.entry.table, b.entry.address);
  });
  return out;
}

} // namespace

std::optional<std::uint32_t> table_layout::locate(std::uint32_t address, std::uint32_t count) const noexcept {
  if (count == 0)
    return std::nullopt;
  // The last block starting at or before `address`.
  auto it = std::upper_bound(blocks.begin(), blocks.end(), address,
                             [](std::uint32_t a, const register_block& b) { return a < b.start; });
  if (it == blocks.begin())
    return std::nullopt;
  --it;
  if (std::uint64_t{address} + count > std::uint64_t{it->start} + it->count)
    return std::nullopt;
  return it->offset + (address - it->start);
}

const table_layout* unit_layout::registers(modbus::table t) const noexcept {
  if (t == table::holding)
    return &holding;
  return t == table::input ? &input : nullptr;
}

const placed_command* unit_layout::command_at(modbus::table t, std::uint16_t address) const noexcept {
  auto it = std::lower_bound(commands.begin(), commands.end(), std::pair{t, address},
                             [](const placed_command& c, const std::pair<table, std::uint16_t>& key) {
                               return std::pair{c.entry.table, c.entry.address} < key;
                             });
  return it != commands.end() && it->entry.table == t && it->entry.address == address ? &*it : nullptr;
}

bool unit_layout::writable(modbus::table t) const noexcept {
  return std::any_of(commands.begin(), commands.end(), [t](const placed_command& c) { return c.entry.table == t; });
}

const unit_layout* export_layout::unit(std::uint8_t id) const noexcept {
  return by_id_[id] < 0 ? nullptr : &units_[static_cast<std::size_t>(by_id_[id])];
}

caf::expected<export_layout> export_layout::make(const export_map& map, std::string_view key_prefix) {
  if (auto err = validate(map, key_prefix))
    return err;
  export_layout out;
  std::map<std::pair<std::string, std::string>, std::size_t> slot_of;
  for (std::size_t ui = 0; ui < map.units.size(); ++ui) {
    const auto& u = map.units[ui];
    unit_layout l;
    l.unit_id = u.unit_id;
    l.device = u.device;
    auto [holding, input] = occupied_by(u);
    l.holding = blocks_of(std::move(holding), u.max_gap);
    l.input = blocks_of(std::move(input), u.max_gap);
    for (std::size_t vi = 0; vi < u.values.size(); ++vi) {
      auto [it, fresh] = slot_of.try_emplace({u.device, u.values[vi].quantity}, out.slots_.size());
      if (fresh) {
        out.slots_.push_back({u.device, u.values[vi].quantity});
        out.shown_by_.emplace_back();
      }
      out.shown_by_[it->second].push_back({static_cast<std::uint32_t>(ui), static_cast<std::uint32_t>(vi)});
      l.values.push_back(place(u.values[vi], u, l, it->second));
    }
    if (u.heartbeat) {
      l.heartbeat_table = u.heartbeat->table;
      l.heartbeat_at = stored_at(*l.registers(u.heartbeat->table), u.heartbeat->address);
    }
    l.commands = place_commands(u, l);
    out.by_id_[u.unit_id] = static_cast<int>(ui);
    out.units_.push_back(std::move(l));
  }
  return out;
}

} // namespace meterhub::modbus_export

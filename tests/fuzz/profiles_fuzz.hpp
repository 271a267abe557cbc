// libFuzzer cases of libs/profiles, included by modbus_fuzz.cpp (selectors 2 and 3 of its switch):
//   2 a shipped Modbus profile's poll group → readings. Input: profile index, group index, flags (bit 0: a
//     counter tracker across two polls, bit 1: failed requests from a mask byte, bit 2: reply lengths from the
//     data), then big-endian register pairs that fill the replies. Every register of the group must give a
//     reading, a failure or (no quantity) nothing; readings carry the register's quantity and unit and finite
//     values; counters never go down unless flagged; every writable register's write decodes back to its value.
//   3 YAML text → load_profile_text. Whatever loads must plan every group within its limits, every register
//     inside its request.
// The profiles come from deploy/profiles, found from $MH_PROFILES_DIR, or upward from the working directory or
// this file's folder.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/core/error.hpp"
#include "meterhub/modbus/error.hpp"
#include "meterhub/profiles/profile.hpp"
#include "meterhub/profiles/readings.hpp"
#include "meterhub/profiles/write.hpp"

namespace profiles_fuzz {

namespace mp = meterhub::profiles;
namespace mb = meterhub::modbus;
using bytes = std::span<const std::uint8_t>;

inline void require(bool holds) {
  if (!holds)
    std::abort();
}

/// The first folder at or above `start` that holds deploy/profiles.
inline std::filesystem::path search_up(std::filesystem::path start) {
  std::error_code ec;
  for (int up = 0; up < 8 && !start.empty(); ++up, start = start.parent_path()) {
    if (std::filesystem::exists(start / "deploy/profiles/sdm630.yaml", ec))
      return start / "deploy/profiles";
    if (start == start.parent_path())
      break;
  }
  return {};
}

/// The shipped Modbus profiles, loaded once; a missing folder is a broken setup, not an input to skip.
inline const std::vector<mp::profile>& shipped() {
  static const std::vector<mp::profile> all = [] {
    std::filesystem::path dir;
    if (const char* env = std::getenv("MH_PROFILES_DIR"))
      dir = env;
    if (dir.empty())
      dir = search_up(std::filesystem::current_path());
    if (dir.empty())
      dir = search_up(std::filesystem::absolute(std::filesystem::path{__FILE__}).parent_path());
    auto loaded = mp::load_profiles(dir);
    require(loaded && !loaded->empty());
    std::vector<mp::profile> modbus;
    for (auto& p : *loaded)
      if (p.protocol == mp::protocol::modbus)
        modbus.push_back(std::move(p));
    return modbus;
  }();
  return all;
}

/// Replies to `plan` from the data: registers in order, some requests failed, some replies cut short.
inline std::vector<mp::request_reply> replies_for(const std::vector<mb::read_request>& plan, bytes& data,
                                                  std::uint8_t flags, std::uint8_t fail_mask) {
  std::vector<mp::request_reply> out;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if ((flags & 2) != 0 && (fail_mask >> (i % 8) & 1) != 0) {
      out.emplace_back(meterhub::make_error(mb::modbus_errc::illegal_data_address));
      continue;
    }
    std::size_t count = plan[i].count;
    if ((flags & 4) != 0 && !data.empty()) {
      count = data[0] % (count + 2u);
      data = data.subspan(1);
    }
    std::vector<std::uint16_t> regs;
    for (std::size_t r = 0; r < count && data.size() >= 2; ++r, data = data.subspan(2))
      regs.push_back(static_cast<std::uint16_t>((data[0] << 8) | data[1]));
    out.emplace_back(std::move(regs));
  }
  return out;
}

/// Every register of the group accounted for once; readings as the profile says.
inline void check_poll(const mp::profile& p, const mp::poll_group& g, const mp::group_readings& out) {
  std::size_t quiet = 0;
  for (auto i : g.registers)
    quiet += p.registers[i].quantity.empty() ? 1 : 0;
  for (const auto& f : out.failures)
    require(std::find(g.registers.begin(), g.registers.end(), f.register_index) != g.registers.end() && f.error);
  require(out.readings.size() + out.failures.size() + quiet >= g.registers.size());
  require(out.readings.size() + out.failures.size() <= g.registers.size());
  for (const auto& r : out.readings) {
    auto def = std::find_if(p.registers.begin(), p.registers.end(), [&](const mp::register_def& d) {
      return d.quantity == r.quantity || d.negative_quantity == r.quantity;
    });
    require(def != p.registers.end() && def->unit == r.unit);
    require(r.value ? std::isfinite(*r.value) : !r.text.empty() || def->spec.type == mb::value_type::string);
  }
}

/// A wrapping counter's published count does not go down between two polls unless the reading says why.
inline void check_counters(const mp::profile& p, const mp::poll_group& g, const mp::group_readings& a,
                           const mp::group_readings& b) {
  for (auto i : g.registers) {
    const auto& def = p.registers[i];
    if (!def.wrap || def.quantity.empty() || !def.negative_quantity.empty() || def.scaling.scale <= 0)
      continue;
    auto find = [&](const mp::group_readings& out) {
      return std::find_if(out.readings.begin(), out.readings.end(), [&](const auto& r) { return r.quantity == def.quantity; });
    };
    auto first = find(a), second = find(b);
    if (first == a.readings.end() || second == b.readings.end() || !first->value || !second->value)
      continue;
    require(*second->value >= *first->value - 1e-9 * std::abs(*first->value)
            || second->has(meterhub::flag::suspicious));
  }
}

/// A write that encodes decodes back to the value written.
inline void check_writes(const mp::profile& p, double value) {
  for (const auto& def : p.registers) {
    if (!def.writable || def.scale_register_index)
      continue;
    auto w = mp::encode_write(p, def.name, value);
    if (!w || def.table == mb::table::coil) {
      require(!w || w->coil == (value == 1.0));
      continue;
    }
    auto back = mb::decode(w->registers, def.spec);
    require(static_cast<bool>(back));
    double shown = mb::apply(*mb::to_number(*back), def.scaling);
    require(std::abs(shown - value) <= 1e-5 * std::max(1.0, std::abs(value)));
  }
}

inline void fuzz_block(bytes in) {
  if (in.size() < 4)
    return;
  const auto& all = shipped();
  const auto& p = all[in[0] % all.size()];
  const auto& g = p.groups[in[1] % p.groups.size()];
  const std::uint8_t flags = in[2], fail_mask = in[3];
  bytes data = in.subspan(4);
  auto plan = mp::plan_group(p, g, 1);
  mp::counter_tracker counters;
  auto first = mp::to_readings(p, g, plan, replies_for(plan, data, flags, fail_mask), 1, &counters);
  check_poll(p, g, first);
  if ((flags & 1) != 0) {
    auto second = mp::to_readings(p, g, plan, replies_for(plan, data, flags, fail_mask), 2, &counters);
    check_poll(p, g, second);
    check_counters(p, g, first, second);
  }
  check_writes(p, static_cast<double>(fail_mask) - 8.0);
}

/// Whatever loads plans within its own limits.
inline void fuzz_text(bytes in) {
  std::string_view text{reinterpret_cast<const char*>(in.data()), in.size()};
  auto p = mp::load_profile_text(text, "fuzz/fuzz.yaml");
  if (!p)
    return;
  for (const auto& g : p->groups)
    for (const auto& req : mp::plan_group(*p, g, 1)) {
      auto limit = mb::is_bit_table(req.table) ? p->limits.max_bits : p->limits.max_registers;
      require(req.count >= 1 && std::uint32_t{req.address} + req.count <= 0x10000);
      for (auto id : req.ids) {
        const auto& def = p->registers.at(id);
        auto n = mb::register_count(def.spec);
        require(req.count <= limit);
        require(def.address >= req.address && def.address + n <= std::uint32_t{req.address} + req.count);
      }
    }
}

} // namespace profiles_fuzz

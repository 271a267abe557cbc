#include "register_layout.hpp"

#include <algorithm>

namespace meterhub::modbus_sim {

register_layout::register_layout(const profiles::profile& p) : limits_(p.limits) {
  for (std::size_t i = 0; i < p.registers.size(); ++i) {
    const auto& def = p.registers[i];
    const auto count = modbus::register_count(def.spec);
    const auto t = index_of(def.table);
    registers_[t].push_back({def.address, std::uint32_t{def.address} + count, i});
    widest_[t] = std::max<std::uint32_t>(widest_[t], count);
  }
  for (std::size_t t = 0; t < 4; ++t) {
    auto& regs = registers_[t];
    std::stable_sort(regs.begin(), regs.end(), [](const placed& a, const placed& b) { return a.address < b.address; });
    for (const auto& r : regs) {
      auto& blocks = blocks_[t];
      const bool joins = !blocks.empty() && r.address <= blocks.back().end + limits_.max_gap;
      if (joins && bridgeable(blocks.back().end, r.address)) {
        const auto grown = std::max(blocks.back().end, r.end);
        words_ += grown - blocks.back().end;
        blocks.back().end = grown;
        continue;
      }
      blocks.push_back({r.address, r.end, words_});
      words_ += r.end - r.address;
    }
  }
}

bool register_layout::bridgeable(std::uint32_t from, std::uint32_t to) const noexcept {
  // A gap the planner may read across holds no forbidden address (the device refuses those).
  for (const auto& [first, last] : limits_.forbidden)
    if (first < to && last >= from)
      return false;
  return true;
}

std::optional<std::size_t> register_layout::word_of(modbus::table t, std::uint16_t address) const noexcept {
  const auto& blocks = blocks_[index_of(t)];
  auto it = std::upper_bound(blocks.begin(), blocks.end(), address,
                             [](std::uint16_t a, const block& b) { return a < b.first; });
  if (it == blocks.begin())
    return std::nullopt;
  --it;
  if (address >= it->end)
    return std::nullopt;
  return it->offset + (address - it->first);
}

std::uint8_t register_layout::check_span(modbus::table t, std::uint16_t address, std::uint16_t count) const noexcept {
  const bool bits = modbus::is_bit_table(t);
  if (count > (bits ? limits_.max_bits : limits_.max_registers))
    return 3;
  const std::uint32_t end = std::uint32_t{address} + count;
  for (auto b : limits_.boundaries)
    if (b > address && b < end)
      return 2;
  const auto first = word_of(t, address);
  const auto last = word_of(t, static_cast<std::uint16_t>(end - 1));
  // One block holds the whole span when its first and last words are the span's length apart.
  if (!first || !last || *last - *first != end - 1 - address)
    return 2;
  return 0;
}

std::size_t register_layout::first_candidate(modbus::table t, std::uint16_t address) const noexcept {
  const auto& regs = registers_[index_of(t)];
  const std::uint32_t from = address >= widest_[index_of(t)] ? address - widest_[index_of(t)] + 1 : 0;
  auto it = std::lower_bound(regs.begin(), regs.end(), from,
                             [](const placed& r, std::uint32_t a) { return r.address < a; });
  return static_cast<std::size_t>(it - regs.begin());
}

} // namespace meterhub::modbus_sim

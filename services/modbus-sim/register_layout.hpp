#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "meterhub/profiles/profile.hpp"

/// Where a profile's registers live in a device's register image. The image is sparse: only the addresses the
/// profile defines (and the gaps between them that its `limits.max_gap` lets a poll read across) have a word, so a
/// device costs a few hundred bytes and 1,000 of them fit in a few megabytes. One layout serves every device of a
/// profile.
namespace meterhub::modbus_sim {

class register_layout {
public:
  /// The blocks of `p`'s registers in each table.
  explicit register_layout(const profiles::profile& p);

  /// The image word of `address` in `t`, or nullopt where the device has none.
  std::optional<std::size_t> word_of(modbus::table t, std::uint16_t address) const noexcept;

  /// 0 when the device answers a read of `count` addresses from `address` in `t`, else the Modbus exception code a
  /// device answers: 2 (illegal data address) for an address it lacks, a forbidden range or a block boundary
  /// crossed, 3 (illegal data value) for more registers or bits than it sends in one reply.
  std::uint8_t check_span(modbus::table t, std::uint16_t address, std::uint16_t count) const noexcept;

  /// Calls `f(register_index)` for every register with a word in [address, address + count) of `t`, in address
  /// order.
  template <class F>
  void for_each_overlapping(modbus::table t, std::uint16_t address, std::uint16_t count, F&& f) const {
    const auto& regs = registers_[index_of(t)];
    const std::uint32_t end = std::uint32_t{address} + count;
    for (auto i = first_candidate(t, address); i < regs.size() && regs[i].address < end; ++i)
      if (regs[i].end > address)
        f(regs[i].index);
  }

  /// Words in the image of one device.
  std::size_t words() const noexcept { return words_; }

private:
  struct block {
    std::uint16_t first;
    std::uint32_t end; ///< one past the last address
    std::size_t offset;
  };
  struct placed {
    std::uint16_t address;
    std::uint32_t end;
    std::size_t index;
  };

  static std::size_t index_of(modbus::table t) noexcept { return static_cast<std::size_t>(t) - 1; }
  std::size_t first_candidate(modbus::table t, std::uint16_t address) const noexcept;
  bool bridgeable(std::uint32_t from, std::uint32_t to) const noexcept;

  std::array<std::vector<block>, 4> blocks_;
  std::array<std::vector<placed>, 4> registers_; ///< sorted by address
  std::array<std::uint32_t, 4> widest_{};        ///< the most addresses one register spans, per table
  std::size_t words_ = 0;
  modbus::request_limits limits_;
};

} // namespace meterhub::modbus_sim

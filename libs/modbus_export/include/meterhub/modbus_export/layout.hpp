#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/modbus_export/map.hpp"

/// A validated register map compiled for serving: each unit's registers grouped into blocks (what a read may cover),
/// each value, quality, age, heartbeat and command register placed in the block storage, and the quantities
/// numbered into slots for latest_values. Immutable once made, so the server thread classifies requests against it
/// without a lock while the bridge's actor updates the register image.
namespace meterhub::modbus_export {

/// A run of registers served as a whole: mapped registers and the gaps of at most the unit's max_gap between them.
struct register_block {
  std::uint32_t start = 0;  ///< first address
  std::uint32_t count = 0;  ///< registers, 1..65536
  std::uint32_t offset = 0; ///< where the block's first register is in the table's storage
};

/// The blocks of one register table of one unit, by address.
struct table_layout {
  std::vector<register_block> blocks;
  std::uint32_t size = 0; ///< registers stored: the blocks' counts added up

  /// The storage offset of registers [address, address + count) when all of them lie in one block; nullopt when
  /// any lies outside every block (count 0 included).
  std::optional<std::uint32_t> locate(std::uint32_t address, std::uint32_t count) const noexcept;
};

/// A value entry and where its registers are stored (offsets into its table's storage).
struct placed_value {
  value_entry entry;
  std::size_t slot = 0;            ///< its (device, quantity) in latest_values
  std::int64_t stale_after_ms = 0; ///< the entry's, or the unit's
  std::uint32_t value_at = 0;
  std::optional<std::uint32_t> quality_at;
  std::optional<std::uint32_t> age_at;
};

/// A command entry, its width, and for holding registers where the last acknowledged write is kept.
struct placed_command {
  command_entry entry;
  unsigned width = 1;            ///< registers (a coil: 1)
  std::uint32_t readback_at = 0; ///< holding: storage offset; unused for coils
};

/// One unit as served.
struct unit_layout {
  std::uint8_t unit_id = 0;
  std::string device;
  table_layout holding;
  table_layout input;
  std::vector<placed_value> values;
  std::vector<placed_command> commands; ///< by table, then address
  std::optional<modbus::table> heartbeat_table;
  std::uint32_t heartbeat_at = 0;

  /// The register table `t` (holding or input); nullptr for the bit tables, which the export does not serve.
  const table_layout* registers(modbus::table t) const noexcept;
  /// The command starting at `address` of `t` (holding or coil); nullptr when none does.
  const placed_command* command_at(modbus::table t, std::uint16_t address) const noexcept;
  /// True when the unit has a command in table `t`: writes to it are understood at all.
  bool writable(modbus::table t) const noexcept;
};

/// Which value of which unit shows a slot.
struct value_ref {
  std::uint32_t unit = 0;  ///< index into export_layout::units()
  std::uint32_t value = 0; ///< index into that unit's values
};

/// The compiled map.
class export_layout {
public:
  /// Compiles `map`; the error of `validate(map, key_prefix)` when it is not valid.
  static caf::expected<export_layout> make(const export_map& map, std::string_view key_prefix = {});

  /// The unit with Modbus unit id `id`; nullptr when the map has none.
  const unit_layout* unit(std::uint8_t id) const noexcept;
  /// Index of unit id `id` in units(), -1 when unmapped.
  int index_of(std::uint8_t id) const noexcept { return by_id_[id]; }
  /// Every unit, in map order.
  const std::vector<unit_layout>& units() const noexcept { return units_; }

  /// The (device, quantity) of each slot, slot order: what latest_values must track, in this order.
  struct slot_key {
    std::string device;
    std::string quantity;
  };
  const std::vector<slot_key>& slots() const noexcept { return slots_; }
  /// The values showing `slot` (a quantity may be mapped several times, on several units).
  std::span<const value_ref> shown_by(std::size_t slot) const noexcept { return shown_by_[slot]; }

private:
  export_layout() { by_id_.fill(-1); }
  std::vector<unit_layout> units_;
  std::array<int, 256> by_id_{};
  std::vector<slot_key> slots_;
  std::vector<std::vector<value_ref>> shown_by_;
};

} // namespace meterhub::modbus_export

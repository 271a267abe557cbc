#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/error.hpp>

#include "meterhub/modbus/value.hpp"

/// The register map of the Modbus TCP export: which device each Modbus unit id shows, where each of its quantities
/// sits in the holding or input registers and in which encoding, its quality and age registers, the heartbeat and
/// the registers that SCADA may write because they are mapped to a device command. Plain structs, independent of
/// YAML: the bridge service reads them from its configuration (settings.hpp does that with exact key paths), tests
/// build them in code. Addresses are 0-based as on the wire (PDU addressing: register 40001 in the old "4x" notation
/// is holding address 0).
namespace meterhub::modbus_export {

/// How a number is laid out in registers. Scaling is libs/modbus's: the register holds (value - offset) / scale, so
/// a profile reading the export back with the same type, order and scale gets the value again (scale 0.1: a register
/// in tenths, 230.1 V → 2301; scale 1000 on f32: kWh from the bus's Wh).
struct value_encoding {
  modbus::value_type type = modbus::value_type::f32; ///< f32, f64, u16, s16, u32, s32, u64 or s64
  modbus::word_order order = modbus::word_order::abcd;
  modbus::scaling scaling; ///< scale must not be 0; both finite
};

/// One register outside the values: a unit's heartbeat.
struct register_ref {
  modbus::table table = modbus::table::holding; ///< holding or input
  std::uint16_t address = 0;
};

/// One quantity of the unit's device in the registers.
struct value_entry {
  std::string quantity;                         ///< as on the bus: OBIS "1-0:1.7.0", or "x:{name}"
  modbus::table table = modbus::table::holding; ///< holding or input; the quality and age registers live there too
  std::uint16_t address = 0;                    ///< the value's first register
  value_encoding encoding;
  std::optional<std::uint16_t> quality_address; ///< one u16 register with the `quality` code (latest_values.hpp)
  std::optional<std::uint16_t> age_address;     ///< whole seconds since the reading's time, saturating
  modbus::value_type age_type = modbus::value_type::u16; ///< u16 (saturates after 18 h) or u32, in `encoding.order`
  std::optional<std::int64_t> stale_after_ms;   ///< quality `stale` past this age; the unit's when absent
};

/// A register or coil that SCADA may write: the write becomes a command to the unit's device (server.hpp's
/// write_handler). Holding command registers read back the last acknowledged write (0 before the first), as a
/// PLC's setpoint does; coils are write-only (the export serves no bit tables).
struct command_entry {
  modbus::table table = modbus::table::holding; ///< holding (functions 6 and 16) or coil (functions 5 and 15)
  std::uint16_t address = 0;
  value_encoding encoding; ///< holding: how the written registers read as a value; ignored for coils
  std::string target;      ///< what to change on the device, as the bus Command's `address` names it
};

/// One Modbus unit id and the device it shows.
struct unit_map {
  std::uint8_t unit_id = 1;
  std::string device;                    ///< the bus's device id
  std::optional<register_ref> heartbeat; ///< a u16 counting seconds since the start (wraps), moved by tick()
  std::int64_t stale_after_ms = 120'000; ///< default for the unit's values: at least 1 s
  /// Registers between two mapped ones at most this far apart are one block and read as 0, so a SCADA poller may
  /// read across small holes; a read touching any register outside every block is refused (exception 0x02).
  std::uint16_t max_gap = 64;
  std::vector<value_entry> values;
  std::vector<command_entry> commands;
};

/// The whole export.
struct export_map {
  std::vector<unit_map> units;
};

/// Registers one value of `type` occupies: 1 (u16, s16), 2 (u32, s32, f32) or 4 (u64, s64, f64); 0 for the types
/// the export does not write (BCD, bits, strings, booleans).
unsigned register_width(modbus::value_type type) noexcept;

/// One thing wrong with a map: the key as the YAML layout of settings.hpp names it ("units[0].values[2].quality"),
/// and why.
struct map_problem {
  std::string key;
  std::string reason;

  bool operator==(const map_problem&) const = default;
};

/// Every problem of `map`, in the order of the map: no unit; a unit id used twice; a device id that is not one; a
/// stale_after under 1 s; a max_gap above 125; a quantity that is neither OBIS nor x:{name}; a table other than
/// holding or input (holding or coil for commands); a type the export cannot write; a scale of 0 or a scale or
/// offset that is not finite; an age_type other than u16 or u32; registers running past address 65535; two things
/// claiming the same register (values, quality, age, heartbeat and holding commands share a unit's tables; coil
/// commands their own); a command without a target.
std::vector<map_problem> check(const export_map& map);

/// `check` as an error: none when the map is valid, otherwise `bad_map` listing every problem, one per line, each
/// as "{key_prefix}.{key}: {reason}" ("modbus_export.units[0].values[1].address: registers 10..11 (holding) overlap
/// units[0].values[0] (registers 11..12)").
caf::error validate(const export_map& map, std::string_view key_prefix = {});

} // namespace meterhub::modbus_export

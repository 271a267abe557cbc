#pragma once

// Helpers for the simulator's unit tests: a profile from text, a device of it, requests in one line.
#include <memory>
#include <stdexcept>
#include <string_view>

#include "meterhub/core/error.hpp"
#include "meterhub/profiles/profile.hpp"
#include "modbus_device.hpp"

namespace meterhub::modbus_sim::test {

/// 2026-03-02T10:00:00Z, a Monday morning.
inline constexpr std::int64_t monday_10am = 1772445600000;

/// A meter with every kind of register the simulator serves: floats in two word orders, a scaled signed power, a
/// gap a poll may read across and one it may not, a boundary, a forbidden range, energies, the machine, inputs
/// and a counter, a coil, identification, writable settings and a scale-factor register.
inline constexpr std::string_view test_meter = R"(
model: Test meter TM-3
vendor: Test
source: simulator tests
protocol: modbus
limits:
  max_registers: 40
  max_gap: 2
  boundaries: [0x0100]
  forbidden: ["0x0060-0x0063"]
defaults: {table: input, type: f32, word_order: ABCD}
groups:
  - name: instant
    registers:
      - {name: voltage_l1, address: 0, quantity: "1-0:32.7.0", unit: V}
      - {name: voltage_l2, address: 2, quantity: "1-0:52.7.0", unit: V}
      - {name: voltage_l3, address: 4, quantity: "1-0:72.7.0", unit: V}
      - {name: current_l1, address: 6, quantity: "1-0:31.7.0", unit: A, word_order: CDAB}
      - {name: power, address: 10, type: s32, scale: 0.1, quantity: "1-0:1.7.0",
         negative_quantity: "1-0:2.7.0", unit: W}
      - {name: frequency, address: 0x46, type: u16, scale: 0.01, quantity: "1-0:14.7.0", unit: Hz}
      - {name: power_sf, address: 0x50, type: s16, scale_register: w_sf, quantity: "1-0:9.7.0", unit: VA}
  - name: energy
    registers:
      - {name: import, address: 0x48, type: u32, scale: 10, quantity: "1-0:1.8.0", unit: Wh}
      - {name: import_t1, address: 0x4A, type: u32, scale: 10, quantity: "1-0:1.8.1", unit: Wh}
      - {name: state, table: holding, address: 0x200, type: u16, quantity: "x:machine_state"}
      - {name: inputs, table: holding, address: 0x201, type: u16, quantity: "x:di"}
      - {name: di1, table: holding, address: 0x201, bit: 0, quantity: "x:di.1"}
      - {name: di2, table: holding, address: 0x201, bit: 1, quantity: "x:di.2"}
      - {name: pulses, table: holding, address: 0x202, type: u16, wrap: true, quantity: "x:di_count.3", writable: true}
      - {name: relay, table: coil, address: 3, quantity: "x:do.1", writable: true}
registers:
  - {name: serial, table: holding, address: 0xFC00, type: u32}
  - {name: model_code, table: holding, address: 0xFC02, type: u16}
  - {name: name_text, table: holding, address: 0xFC10, type: string, length: 4}
  - {name: demand_period, table: holding, address: 0x300, type: u16, writable: true, min: 0, max: 60}
  - {name: setpoint, table: holding, address: 0x302, type: f32, writable: true, min: -40, max: 100}
  - {name: w_sf, address: 0x52, type: s16}
identify:
  - {register: model_code, equals: "348"}
)";

/// A profile from YAML text; the test fails loudly when it does not load.
inline std::shared_ptr<const profiles::profile> load(std::string_view text, const char* file = "tm-3.yaml") {
  auto p = profiles::load_profile_text(text, file);
  if (!p)
    throw std::runtime_error(describe(p.error()));
  return std::make_shared<const profiles::profile>(std::move(*p));
}

/// A device of `text` at `unit`, started on Monday morning.
inline modbus_device make_device(std::string_view text = test_meter, std::uint8_t unit = 1, std::uint64_t seed = 7) {
  physics_options o;
  o.seed = seed;
  o.start_ms = monday_10am;
  return modbus_device{std::make_shared<const device_template>(load(text)), {unit, seed}, o};
}

/// A request in one line.
inline modbus::request request(modbus::function_code f, std::uint16_t address, std::uint16_t count,
                               std::vector<std::uint16_t> values = {}, std::uint8_t unit = 1) {
  modbus::request r;
  r.unit_id = unit;
  r.function = f;
  r.address = address;
  r.count = count;
  r.values = std::move(values);
  return r;
}

} // namespace meterhub::modbus_sim::test

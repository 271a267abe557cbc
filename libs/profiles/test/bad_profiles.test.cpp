// Every check of the loader has a failing profile here, with the exact message an operator reads.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using strings = std::vector<std::string>;

namespace {

/// The problems of a Modbus profile whose only group holds `registers`.
strings problems_of(std::string_view registers, std::string_view extra = "") {
  return test::problems(test::modbus_profile(registers, extra));
}

const std::string at = "profiles/test.yaml: groups[0].registers[";

} // namespace

TEST_CASE("unknown keys are named with the keys that are known") {
  CHECK(problems_of("      - {name: a, address: 0, tpye: u16}\n")
        == strings{at + "0].tpye: unknown key (known keys: name, description, address, register, table, type, "
                        "word_order, scale, offset, scale_register, bit, bits, length, quantity, "
                        "negative_quantity, unit, wrap, writable, min, max)"});
  CHECK(problems_of("      - {name: a, address: 0}\n", "modle: x\n")
        == strings{"profiles/test.yaml: modle: unknown key (known keys: model, vendor, source, protocol, "
                   "response_timeout, limits, defaults, groups, registers, identify, mercury)"});
  CHECK(problems_of("      - {name: a, address: 0}\n", "limits: {max_regs: 10}\n")
        == strings{"profiles/test.yaml: limits.max_regs: unknown key (known keys: max_registers, max_bits, max_gap, "
                   "boundaries, forbidden, single_writes)"});
}

TEST_CASE("unknown types, word orders and tables list what is known") {
  CHECK(problems_of("      - {name: a, address: 0, type: f33}\n")
        == strings{at + "0].type: unknown type \"f33\" (known: u16, s16, u32, s32, u64, s64, f32, f64, bcd16, bcd32, "
                        "bits, string, bool)"});
  CHECK(problems_of("      - {name: a, address: 0, type: u32, word_order: ABDC}\n")
        == strings{at + "0].word_order: unknown word order \"ABDC\" (known: ABCD, CDAB, BADC, DCBA)"});
  CHECK(problems_of("      - {name: a, address: 0, table: coils}\n")
        == strings{at + "0].table: unknown table \"coils\" (known: coil, discrete_input, holding, input, or the "
                        "function codes 1 to 4)"});
  CHECK(problems_of("      - {name: a, address: 0}\n", "defaults: {type: float}\n")
        == strings{"profiles/test.yaml: defaults.type: unknown type \"float\" (known: u16, s16, u32, s32, u64, s64, "
                   "f32, f64, bcd16, bcd32, bits, string, bool)"});
}

TEST_CASE("types must suit their table") {
  CHECK(problems_of("      - {name: a, table: coil, address: 0, type: u16}\n")
        == strings{at + "0].type: coil entries are one bit each: the type is bool"});
  CHECK(problems_of("      - {name: a, address: 0, type: bool}\n")
        == strings{at + "0].type: bool is for coils and discrete inputs; one bit of a register is type bits with "
                        "bit: N"});
}

TEST_CASE("addresses are given once, in one of two forms, within range") {
  CHECK(problems_of("      - {name: a}\n")
        == strings{at + "0].address: required key missing (or register: for a vendor number such as 30001)"});
  CHECK(problems_of("      - {name: a, address: 1, register: 30002}\n")
        == strings{at + "0].register: give either address or register, not both"});
  CHECK(problems_of("      - {name: a, address: 70000}\n")
        == strings{at + "0].address: expected an address from 0 to 65535 (decimal or 0x hex), got \"70000\""});
  CHECK(problems_of("      - {name: a, register: 3001}\n")
        == strings{at + "0].register: expected a vendor register number such as 30001, 40001 or 400001 (table "
                        "digit 0, 1, 3 or 4, then the 1-based number), got \"3001\""});
  CHECK(problems_of("      - {name: a, register: 30001, table: holding}\n")
        == strings{at + "0].table: holding contradicts register 30001, which is in the input table"});
}

TEST_CASE("overlapping registers in one table are refused, disjoint bit fields are not") {
  CHECK(problems_of("      - {name: a, address: 0, type: u32}\n      - {name: b, address: 1}\n")
        == strings{at + "1].address: holding 1 overlaps a (holding 0-1, groups[0].registers[0])"});
  CHECK(problems_of("      - {name: a, register: 30001, type: f32}\n      - {name: b, register: 30002, type: f32}\n")
        == strings{at + "1].register: input 1-2 overlaps a (input 0-1, groups[0].registers[0])"});
  CHECK(problems_of("      - {name: a, address: 5, bits: 0-3}\n      - {name: b, address: 5, bit: 2}\n")
        == strings{at + "1].address: holding 5 (bit 2) overlaps a (holding 5 (bits 0-3), groups[0].registers[0])"});
  CHECK(problems_of("      - {name: a, address: 5, type: u32}\n      - {name: b, address: 6, bit: 2}\n")
        == strings{at + "1].address: holding 6 (bit 2) overlaps a (holding 5-6, groups[0].registers[0])"});
  // The same address in another table is another register.
  test::load(test::modbus_profile("      - {name: a, address: 0}\n      - {name: b, address: 0, table: input}\n"));
}

TEST_CASE("a register must fit one request and the address space") {
  CHECK(problems_of("      - {name: a, address: 0, type: u64}\n", "limits: {max_registers: 2}\n")
        == strings{at + "0].type: u64 of 4 registers is wider than limits.max_registers (2)"});
  CHECK(problems_of("      - {name: a, address: 0, type: string, length: 130}\n")
        == strings{at + "0].length: string of 130 registers is wider than limits.max_registers (125)"});
  CHECK(problems_of("      - {name: a, address: 65535, type: u32}\n")
        == strings{at + "0].address: u32 at 65535 needs 2 registers and runs past the last address 65535"});
  CHECK(problems_of("      - {name: a, register: 465536, type: f32}\n")
        == strings{at + "0].register: f32 at 65535 needs 2 registers and runs past the last address 65535"});
}

TEST_CASE("registers in forbidden ranges or across boundaries are refused") {
  CHECK(problems_of("      - {name: a, address: 0x61}\n", "limits: {forbidden: [\"0x60-0x63\"]}\n")
        == strings{at + "0].address: holding 97 lies in limits.forbidden 96-99 (the device refuses those reads)"});
  CHECK(problems_of("      - {name: a, address: 255, type: f32}\n", "limits: {boundaries: [256]}\n")
        == strings{at + "0].address: holding 255-256 crosses limits.boundaries 256 and cannot be read in one "
                        "request"});
  CHECK(problems_of("      - {name: a, address: 1}\n", "limits: {forbidden: [\"9-3\", x], boundaries: [0x1g]}\n")
        == strings{"profiles/test.yaml: limits.boundaries[0]: expected an address (decimal or 0x hex), got \"0x1g\"",
                   "profiles/test.yaml: limits.forbidden[0]: expected FIRST-LAST such as 0x0060-0x0063 (first ≤ "
                   "last), got \"9-3\"",
                   "profiles/test.yaml: limits.forbidden[1]: expected FIRST-LAST such as 0x0060-0x0063 (first ≤ "
                   "last), got \"x\""});
  CHECK(problems_of("      - {name: a, address: 1}\n", "limits: {max_registers: 200}\n")
        == strings{"profiles/test.yaml: limits.max_registers: expected an integer from 1 to 125, got \"200\""});
}

TEST_CASE("bit fields stay within their register") {
  CHECK(problems_of("      - {name: a, address: 0, bits: 12-19}\n")
        == strings{at + "0].bits: bits 12-19 run past bit 15 of the 16-bit register"});
  CHECK(problems_of("      - {name: a, address: 0, bits: 7-4}\n")
        == strings{at + "0].bits: bits 7-4: the first bit comes after the last"});
  CHECK(problems_of("      - {name: a, address: 0, bits: low}\n")
        == strings{at + "0].bits: expected FIRST-LAST such as 4-7 (bit 0 is the least significant), got \"low\""});
  CHECK(problems_of("      - {name: a, address: 0, bit: 16}\n")
        == strings{at + "0].bit: expected an integer from 0 to 15, got \"16\""});
  CHECK(problems_of("      - {name: a, address: 0, bit: 1, bits: 1-2}\n")
        == strings{at + "0].bits: give either bit or bits, not both"});
  CHECK(problems_of("      - {name: a, address: 0, type: u16, bit: 1}\n")
        == strings{at + "0].bit: only for type bits (a field of one register)"});
  CHECK(problems_of("      - {name: a, address: 0, type: bits}\n")
        == strings{at + "0].bit: required key missing: type bits needs bit: N or bits: FIRST-LAST"});
}

TEST_CASE("strings have a length and only strings do") {
  CHECK(problems_of("      - {name: a, address: 0, type: string}\n")
        == strings{at + "0].length: required key missing: type string needs its length in registers"});
  CHECK(problems_of("      - {name: a, address: 0, length: 4}\n") == strings{at + "0].length: only for type string"});
}

TEST_CASE("quantities are OBIS codes or x: names") {
  CHECK(problems_of("      - {name: a, address: 0, quantity: \"1-0:32.7\"}\n")
        == strings{at + "0].quantity: \"1-0:32.7\" is neither an OBIS code (A-B:C.D.E) nor x:name ([a-z0-9_.]+)"});
  CHECK(problems_of("      - {name: a, address: 0, quantity: \"x:Machine-State\"}\n")
        == strings{at + "0].quantity: \"x:Machine-State\" is neither an OBIS code (A-B:C.D.E) nor x:name "
                        "([a-z0-9_.]+)"});
  CHECK(problems_of("      - {name: a, address: 0, type: s16, negative_quantity: \"1-0:2.7.0\", unit: W}\n")
        == strings{at + "0].negative_quantity: needs a quantity for the positive values"});
}

TEST_CASE("units must be known and fit the quantity") {
  CHECK(problems_of("      - {name: a, address: 0, quantity: \"1-0:1.8.0\", unit: kWh}\n")
        == strings{at + "0].unit: unknown unit \"kWh\" (known: Wh, varh, VAh, W, var, VA, V, A, Hz, °, degree, °C, "
                        "m3, GJ, s; a kilo unit is published in its base unit: scale: 1000, unit: Wh)"});
  CHECK(problems_of("      - {name: a, address: 0, quantity: \"1-0:1.8.0\", unit: W}\n")
        == strings{at + "0].unit: 1-0:1.8.0 is published in Wh, not in W"});
  CHECK(problems_of("      - {name: a, address: 0, quantity: \"1-0:32.7.0\"}\n")
        == strings{at + "0].unit: 1-0:32.7.0 is published in V, not without a unit"});
  CHECK(problems_of("      - {name: a, address: 0, quantity: \"1-0:13.7.0\", unit: W}\n")
        == strings{at + "0].unit: 1-0:13.7.0 is published without a unit, not in W"});
  CHECK(problems_of("      - {name: a, address: 0, type: s16, quantity: \"1-0:1.7.0\", negative_quantity: "
                    "\"1-0:2.8.0\", unit: W}\n")
        == strings{at + "0].unit: 1-0:2.8.0 is published in Wh, not in W"});
}

TEST_CASE("only holding registers and coils are writable, within a range") {
  CHECK(problems_of("      - {name: a, register: 30001, writable: true}\n")
        == strings{at + "0].writable: input registers are read-only (holding registers and coils can be written)"});
  CHECK(problems_of("      - {name: a, register: 10001, writable: true}\n")
        == strings{at + "0].writable: discrete inputs are read-only (holding registers and coils can be written)"});
  CHECK(problems_of("      - {name: a, address: 0, bit: 3, writable: true}\n")
        == strings{at + "0].writable: a bit field cannot be written alone: the write would overwrite the register's "
                        "other bits"});
  CHECK(problems_of("      - {name: a, address: 0, writable: true, min: 10, max: 5}\n")
        == strings{at + "0].min: 10 is above max 5"});
  CHECK(problems_of("      - {name: a, address: 0, max: 5}\n") == strings{at + "0].max: only for writable registers"});
}

TEST_CASE("counters wrap only as integers within their type") {
  CHECK(problems_of("      - {name: a, address: 0, type: f32, wrap: true}\n")
        == strings{at + "0].wrap: only integer counters wrap, not f32"});
  CHECK(problems_of("      - {name: a, address: 0, wrap: 100000}\n")
        == strings{at + "0].wrap: expected true (the type's whole range, 65536) or a whole number from 2 to 65536, "
                        "got \"100000\""});
  auto p = test::load(test::modbus_profile("      - {name: a, address: 0, type: u32, wrap: 1000000}\n"
                                           "      - {name: b, address: 2, bits: 0-3, wrap: true}\n"
                                           "      - {name: c, address: 3, type: bcd16, wrap: yes}\n"));
  CHECK(p.registers[0].wrap == 1e6);
  CHECK(p.registers[1].wrap == 16.0);
  CHECK(p.registers[2].wrap == 1e4);
}

TEST_CASE("names are unique and well formed") {
  CHECK(problems_of("      - {name: a, address: 0}\n      - {name: a, address: 1}\n")
        == strings{at + "1].name: \"a\" is already defined at groups[0].registers[0]"});
  CHECK(problems_of("      - {name: Voltage, address: 0}\n")
        == strings{at + "0].name: expected a name of a-z, 0-9 and _, got \"Voltage\""});
  CHECK(test::problems("model: m\nvendor: v\nsource: s\nprotocol: modbus\ngroups:\n"
                       "  - {name: g, registers: [{name: a, address: 0}]}\n"
                       "  - {name: g, registers: [{name: b, address: 1}]}\n")
        == strings{"profiles/test.yaml: groups[1].name: \"g\" is already the name of groups[0]"});
  CHECK(test::problems("model: m\nvendor: v\nsource: s\nprotocol: modbus\ngroups:\n"
                       "  - {name: g, registers: [{name: a, address: 0}]}\n"
                       "registers:\n  - {name: a, address: 1}\n")
        == strings{"profiles/test.yaml: registers[0].name: \"a\" is already defined at groups[0].registers[0]"});
}

TEST_CASE("a group names something and polls at an interval") {
  CHECK(test::problems("model: m\nvendor: v\nsource: s\nprotocol: modbus\ngroups:\n  - {name: g, registers: []}\n")
        == strings{"profiles/test.yaml: groups[0].registers: the group names no register"});
  CHECK(test::problems("model: m\nvendor: v\nsource: s\nprotocol: modbus\ngroups:\n"
                       "  - {name: g, interval: 0s, registers: [{name: a, address: 0}]}\n")
        == strings{"profiles/test.yaml: groups[0].interval: must be longer than 0"});
  CHECK(test::problems("model: m\nvendor: v\nsource: s\nprotocol: modbus\ngroups:\n"
                       "  - {name: g, interval: 1692314756768421202s, registers: [{name: a, address: 0}]}\n")
        == strings{"profiles/test.yaml: groups[0].interval: expected a duration such as 250ms, 20s, 5m, 2h or 7d, got "
                   "\"1692314756768421202s\""});
  CHECK(test::problems("model: m\nvendor: v\nsource: s\nprotocol: modbus\n")
        == strings{"profiles/test.yaml: groups: required key missing (the poll groups)"});
  CHECK(test::problems("model: m\nvendor: v\nsource: s\nprotocol: modbus\ngroups:\n"
                       "  - {name: g, items: [power], registers: [{name: a, address: 0}]}\n")
        == strings{"profiles/test.yaml: groups[0].items: only for protocol mercury23x (Modbus groups list "
                   "registers)"});
}

TEST_CASE("identify rules name registers of the profile and what they hold") {
  CHECK(problems_of("      - {name: a, address: 0}\n", "identify:\n  - {register: model, equals: \"5\"}\n")
        == strings{"profiles/test.yaml: identify[0].register: no register named \"model\" in the profile"});
  CHECK(problems_of("      - {name: a, address: 0}\n", "identify:\n  - {register: a}\n")
        == strings{"profiles/test.yaml: identify[0].equals: required key missing (or any_of: a list of "
                   "alternatives)"});
}

TEST_CASE("scale registers are s16 registers of the profile in the same table") {
  CHECK(problems_of("      - {name: a, address: 0, scale_register: w_sf}\n")
        == strings{at + "0].scale_register: no register named \"w_sf\" in the profile"});
  CHECK(problems_of("      - {name: a, address: 0, scale_register: sf}\n      - {name: sf, address: 1}\n")
        == strings{at + "0].scale_register: sf is u16 in holding: a scale factor is an s16 in the same table "
                        "(holding)"});
  CHECK(problems_of("      - {name: a, address: 0, scale_register: a}\n")
        == strings{at + "0].scale_register: a register cannot be its own scale factor"});
}

TEST_CASE("scale and the required top-level keys are checked") {
  CHECK(problems_of("      - {name: a, address: 0, scale: 0}\n")
        == strings{at + "0].scale: expected a finite number other than 0"});
  CHECK(test::problems("protocol: modbus\ngroups:\n  - {name: g, registers: [{name: a, address: 0}]}\n")
        == strings{"profiles/test.yaml: model: required key missing", "profiles/test.yaml: vendor: required key missing",
                   "profiles/test.yaml: source: required key missing"});
  CHECK(test::problems("model: m\nvendor: v\nsource: s\nprotocol: bacnet\ngroups:\n"
                       "  - {name: g, registers: [{name: a, address: 0}]}\n")
        == strings{"profiles/test.yaml: protocol: expected one of modbus, mercury23x, got \"bacnet\""});
}

TEST_CASE("Mercury items must be known and fit the model") {
  const std::string head = "model: m\nvendor: Incotex\nsource: s\nprotocol: mercury23x\n";
  CHECK(test::problems(head + "groups:\n  - {name: g, items: [power, powr]}\n")
        == strings{"profiles/test.yaml: groups[0].items[1]: unknown item \"powr\" (known: power, reactive_power, "
                   "apparent_power, voltage, current, power_factor, frequency, angles, ku, temperature, energy_total, "
                   "energy_tariffs, energy_phases)"});
  CHECK(test::problems(head + "mercury: {phases: 1}\ngroups:\n  - {name: g, items: [voltage, angles]}\n")
        == strings{"profiles/test.yaml: groups[0].items[1]: angles needs a three-phase meter (mercury.phases: 3)"});
  CHECK(test::problems(head + "groups:\n  - {name: a, items: [power]}\n  - {name: b, items: [voltage, power]}\n")
        == strings{"profiles/test.yaml: groups[1].items[1]: \"power\" is already polled by groups[0]"});
  CHECK(test::problems(head + "mercury: {tariffs: 0}\ngroups:\n  - {name: g, items: [energy_total, energy_tariffs]}\n")
        == strings{"profiles/test.yaml: groups[0].items[1]: energy_tariffs needs tariffs to read (mercury.tariffs: 1 "
                   "to 4)"});
  CHECK(test::problems(head + "groups:\n  - {name: g, items: []}\n")
        == strings{"profiles/test.yaml: groups[0].items: the group names no item"});
}

TEST_CASE("Mercury options are consistent and Modbus sections stay out of Mercury profiles") {
  const std::string head = "model: m\nvendor: Incotex\nsource: s\nprotocol: mercury23x\n";
  const std::string group = "groups:\n  - {name: g, items: [power]}\n";
  CHECK(test::problems(head + "mercury: {phases: 2, baud: 14400, profile_period: 7m, energy_wh_per_count: 0, "
                              "profile_addressing: page}\n" + group)
        == strings{"profiles/test.yaml: mercury.phases: expected 1 or 3, got \"2\"",
                   "profiles/test.yaml: mercury.energy_wh_per_count: expected a number above 0 (1 for a meter "
                   "constant of 1000 imp/kWh)",
                   "profiles/test.yaml: mercury.profile_period: expected whole minutes that divide an hour (1m to "
                   "60m, such as 30m)",
                   "profiles/test.yaml: mercury.profile_addressing: expected one of byte_address, record_index, got "
                   "\"page\"",
                   "profiles/test.yaml: mercury.baud: expected one of 300, 600, 1200, 2400, 4800, 9600, 19200, 38400, "
                   "57600, 115200, got \"14400\""});
  CHECK(test::problems(head + "limits: {max_gap: 3}\nregisters:\n  - {name: a, address: 0}\n" + group)
        == strings{"profiles/test.yaml: limits: only for protocol modbus",
                   "profiles/test.yaml: registers: only for protocol modbus"});
  CHECK(test::problems(head + "groups:\n  - {name: g, items: [power], registers: [{name: a, address: 0}]}\n")
        == strings{"profiles/test.yaml: groups[0].registers: only for protocol modbus (Mercury groups list items)"});
  CHECK(problems_of("      - {name: a, address: 0}\n", "mercury: {phases: 3}\n")
        == strings{"profiles/test.yaml: mercury: only for protocol mercury23x"});
}

TEST_CASE("every problem of a file is reported at once") {
  auto lines = problems_of("      - {name: a, address: 0, type: f33}\n"
                           "      - {name: b, address: 0x10000}\n"
                           "      - {name: c, address: 4, quantity: \"1-0:31.7.0\", unit: V, tpye: x}\n");
  CHECK(lines == strings{at + "0].type: unknown type \"f33\" (known: u16, s16, u32, s32, u64, s64, f32, f64, bcd16, "
                              "bcd32, bits, string, bool)",
                         at + "1].address: expected an address from 0 to 65535 (decimal or 0x hex), got \"0x10000\"",
                         at + "2].tpye: unknown key (known keys: name, description, address, register, table, type, "
                              "word_order, scale, offset, scale_register, bit, bits, length, quantity, "
                              "negative_quantity, unit, wrap, writable, min, max)",
                         at + "2].unit: 1-0:31.7.0 is published in A, not in V"});
}

TEST_CASE("a file that is not YAML, or is named wrongly, names the file") {
  CHECK(test::problems("model: [unclosed\n")
        == strings{"profiles/test.yaml: line 2, column 1: end of sequence flow not found"});
  CHECK(test::problems("- a list\n") == strings{"profiles/test.yaml: the top level must be a mapping of keys"});
  CHECK(test::problems(test::modbus_profile("      - {name: a, address: 0}\n"), "profiles/My Meter.yaml")
        == strings{"profiles/My Meter.yaml: the file name must be a profile id of a-z, 0-9, _, . and - (got \"My "
                   "Meter\")"});
}

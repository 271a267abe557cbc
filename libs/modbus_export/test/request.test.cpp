// Request framing and classification on ADU bytes, without sockets. Requests are built with libs/modbus's frame
// encoder; malformed ones by hand.
#include <catch2/catch.hpp>

#include "meterhub/modbus/frame.hpp"
#include "meterhub/modbus_export/image.hpp"
#include "meterhub/modbus_export/request.hpp"
#include "entries.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using modbus::function_code;
using modbus::table;
using meterhub::modbus_export::test::mapped;
using modbus::value_type;
using modbus::word_order;
using bytes = std::vector<std::uint8_t>;

namespace {

/// Unit 1: values at holding 0..3 and input 0..1; commands: holding 10 (u16 tenths), holding 20 (f32), coil 5.
/// Unit 2: one value, no command.
export_layout sample_layout() {
  unit_map one;
  one.unit_id = 1;
  one.device = "meter-1";
  one.values = {mapped("1-0:1.7.0", table::holding, 0, {}, 2, 3),
                mapped("1-0:32.7.0", table::input, 0, {})};
  one.commands = {{table::holding, 10, {value_type::u16, word_order::abcd, {0.1, 0}}, "limit"},
                  {table::holding, 20, {value_type::f32, word_order::cdab, {}}, "setpoint"},
                  {table::coil, 5, {}, "breaker"}};
  unit_map two;
  two.unit_id = 2;
  two.device = "meter-2";
  two.values = {mapped("1-0:1.7.0", table::holding, 0, {})};
  auto layout = export_layout::make(export_map{{one, two}});
  REQUIRE(layout);
  return std::move(*layout);
}

bytes adu(function_code f, std::uint16_t address, std::uint16_t count, std::vector<std::uint16_t> values = {},
          std::uint8_t unit = 1) {
  modbus::request r;
  r.transaction_id = 0x1234;
  r.unit_id = unit;
  r.function = f;
  r.address = address;
  r.count = count;
  r.values = std::move(values);
  auto frame = modbus::encode_request(r, modbus::framing::tcp);
  REQUIRE(frame);
  return *frame;
}

std::uint8_t refusal(const bytes& frame, const export_layout& layout) {
  auto d = classify(frame, layout);
  REQUIRE(d.action == request_action::exception);
  return d.exception;
}

} // namespace

TEST_CASE("MBAP framing finds whole ADUs in a buffered stream", "[request]") {
  const bytes read = {0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x02};
  CHECK(mbap_frame_size(read) == 12);
  for (std::size_t n = 0; n < read.size(); ++n)
    CHECK(mbap_frame_size(std::span{read}.first(n)) == 0);
  bytes two = read;
  two.insert(two.end(), read.begin(), read.begin() + 5);
  CHECK(mbap_frame_size(two) == 12);
  CHECK(mbap_frame_size(bytes{0x00, 0x01, 0x00, 0x05}) == -1);                   // protocol id 5
  CHECK(mbap_frame_size(bytes{0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01}) == -1); // no function code
  CHECK(mbap_frame_size(bytes{0x00, 0x01, 0x00, 0x00, 0x00, 0xFF}) == -1);       // 255 > 1 + 253
  CHECK(mbap_frame_size(bytes{0x00, 0x01, 0x00, 0x00, 0x00, 0xFE}) == 0);        // 254: the largest, still coming
  CHECK(mbap_frame_size(bytes{'G', 'E', 'T', ' ', '/', ' '}) == -1);            // an HTTP client on the port
}

TEST_CASE("reads inside a block are served, others refused with the gateway's or the address's code", "[request]") {
  auto layout = sample_layout();
  auto d = classify(adu(function_code::read_holding_registers, 0, 4), layout);
  CHECK(d.action == request_action::read);
  CHECK(d.unit_id == 1);
  CHECK(d.table == table::holding);
  CHECK(d.address == 0);
  CHECK(d.count == 4);
  auto input = classify(adu(function_code::read_input_registers, 0, 2), layout);
  CHECK(input.action == request_action::read);
  CHECK(input.table == table::input);
  CHECK(refusal(adu(function_code::read_input_registers, 1, 2), layout) == 0x02);
  CHECK(refusal(adu(function_code::read_holding_registers, 0, 125), layout) == 0x02);
  CHECK(refusal(adu(function_code::read_holding_registers, 0, 1, {}, 9), layout) == 0x0B);
  CHECK(refusal(adu(function_code::read_coils, 5, 1), layout) == 0x01);
  CHECK(refusal(adu(function_code::read_discrete_inputs, 0, 1), layout) == 0x01);
}

TEST_CASE("unknown functions, bad quantities and malformed PDUs get their exceptions", "[request]") {
  auto layout = sample_layout();
  // 0x2B/0x0E read device identification, 0x08 diagnostics: not served.
  auto ident = classify(bytes{0, 1, 0, 0, 0, 5, 1, 0x2B, 0x0E, 0x01, 0x00}, layout);
  CHECK(ident.exception == 0x01);
  CHECK_FALSE(ident.malformed);
  CHECK(classify(bytes{0, 1, 0, 0, 0, 6, 1, 0x08, 0, 0, 0, 0}, layout).exception == 0x01);
  // A quantity of 0 or 126 registers is well-formed but illegal.
  auto zero = classify(bytes{0, 1, 0, 0, 0, 6, 1, 0x03, 0, 0, 0, 0}, layout);
  CHECK(zero.exception == 0x03);
  CHECK_FALSE(zero.malformed);
  CHECK(classify(bytes{0, 1, 0, 0, 0, 6, 1, 0x03, 0, 0, 0, 126}, layout).exception == 0x03);
  // A read PDU of 3 bytes, a write whose byte count disagrees: malformed.
  auto shortened = classify(bytes{0, 1, 0, 0, 0, 4, 1, 0x03, 0, 0}, layout);
  CHECK(shortened.exception == 0x03);
  CHECK(shortened.malformed);
  auto lying = classify(bytes{0, 1, 0, 0, 0, 9, 1, 0x10, 0, 10, 0, 1, 4, 0, 1}, layout);
  CHECK(lying.exception == 0x03);
  CHECK(lying.malformed);
  // Bytes that are not one ADU (the server never passes them).
  CHECK(classify(bytes{0, 1, 0, 0}, layout).malformed);
  auto read = adu(function_code::read_holding_registers, 0, 1);
  read.push_back(0);
  CHECK(classify(read, layout).malformed);
  // The unit is checked first: garbage for an unknown unit is "nobody there".
  CHECK(classify(bytes{0, 1, 0, 0, 0, 4, 9, 0x03, 0, 0}, layout).exception == 0x0B);
}

TEST_CASE("writes reach only mapped commands, whole", "[request]") {
  auto layout = sample_layout();
  auto d = classify(adu(function_code::write_single_register, 10, 1, {2301}), layout);
  REQUIRE(d.action == request_action::write);
  CHECK(d.write.unit_id == 1);
  CHECK(d.write.device == "meter-1");
  CHECK(d.write.target == "limit");
  CHECK(d.write.table == table::holding);
  CHECK(d.write.address == 10);
  CHECK(d.write.words == std::vector<std::uint16_t>{2301});
  CHECK(d.write.value == Approx(230.1));
  auto f = classify(adu(function_code::write_multiple_registers, 20, 2, {0x0000, 0x4148}), layout); // 12.5, CDAB
  REQUIRE(f.action == request_action::write);
  CHECK(f.write.value == 12.5);
  CHECK(f.write.target == "setpoint");
  auto coil = classify(adu(function_code::write_single_coil, 5, 1, {1}), layout);
  REQUIRE(coil.action == request_action::write);
  CHECK(coil.write.table == table::coil);
  CHECK(coil.write.value == 1.0);
  CHECK(classify(adu(function_code::write_multiple_coils, 5, 1, {0}), layout).write.value == 0.0);
}

TEST_CASE("writes anywhere else are refused", "[request]") {
  auto layout = sample_layout();
  CHECK(refusal(adu(function_code::write_single_register, 0, 1, {1}), layout) == 0x02); // a value register
  CHECK(refusal(adu(function_code::write_single_register, 20, 1, {1}), layout) == 0x02); // half of the f32
  CHECK(refusal(adu(function_code::write_multiple_registers, 21, 2, {1, 2}), layout) == 0x02);
  CHECK(refusal(adu(function_code::write_multiple_registers, 10, 2, {1, 2}), layout) == 0x02); // past the command
  CHECK(refusal(adu(function_code::write_single_coil, 6, 1, {1}), layout) == 0x02);
  CHECK(refusal(adu(function_code::write_multiple_coils, 5, 2, {1, 1}), layout) == 0x02);
  CHECK(refusal(adu(function_code::write_single_register, 0, 1, {1}, 2), layout) == 0x01); // unit 2: no command
  CHECK(refusal(adu(function_code::write_single_coil, 0, 1, {1}, 2), layout) == 0x01);
  CHECK(refusal(adu(function_code::write_multiple_registers, 20, 2, {0x0000, 0x7FC0}), layout) == 0x03); // NaN
  // A single-coil value other than FF00 / 0000.
  CHECK(refusal(bytes{0, 1, 0, 0, 0, 6, 1, 0x05, 0, 5, 0x12, 0x34}, layout) == 0x03);
}

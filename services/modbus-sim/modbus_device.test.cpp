// Request handling of a simulated device: reads decode to the model's values, writes stick, and everything a
// device refuses gets its exception.
#include <catch2/catch.hpp>

#include <cmath>

#include "meterhub/modbus/value.hpp"
#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::modbus_sim;
using namespace meterhub::modbus_sim::test;
using modbus::function_code;

namespace {

double f32_at(const modbus::response& r, std::size_t offset, modbus::word_order order = modbus::word_order::abcd) {
  modbus::value_spec spec{modbus::value_type::f32, order};
  auto v = modbus::decode(std::span{r.values}.subspan(offset, 2), spec);
  REQUIRE(v);
  return std::get<double>(*v);
}

std::int64_t s32_at(const modbus::response& r, std::size_t offset) {
  modbus::value_spec spec{modbus::value_type::s32};
  return std::get<std::int64_t>(*modbus::decode(std::span{r.values}.subspan(offset, 2), spec));
}

std::uint8_t exception_of(modbus_device& d, const modbus::request& r) {
  return d.answer(r, monday_10am).exception_code;
}

} // namespace

TEST_CASE("reads decode in the profile's types and word orders to the model's values") {
  auto d = make_device();
  d.advance_to(monday_10am + 90'000);
  const auto r = d.answer(request(function_code::read_input_registers, 0, 12), monday_10am + 90'000);
  REQUIRE_FALSE(r.is_exception());
  REQUIRE(r.values.size() == 12);
  const auto& m = d.physics();
  CHECK(f32_at(r, 0) == Approx(static_cast<float>(m.phase(0).voltage)));
  CHECK(f32_at(r, 2) == Approx(static_cast<float>(m.phase(1).voltage)));
  CHECK(f32_at(r, 4) == Approx(static_cast<float>(m.phase(2).voltage)));
  CHECK(f32_at(r, 6, modbus::word_order::cdab) == Approx(static_cast<float>(m.phase(0).current)));
  CHECK(r.values[8] == 0); // a gap the poll may read across reads 0
  CHECK(r.values[9] == 0);
  CHECK(s32_at(r, 10) == std::llround(m.active() * 10));
}

TEST_CASE("integer registers hold the scaled, rounded value, energies truncated like a meter's counter") {
  auto d = make_device();
  const auto now = monday_10am + 3'600'000;
  const auto f = d.answer(request(function_code::read_input_registers, 0x46, 6), now);
  REQUIRE_FALSE(f.is_exception());
  const auto& m = d.physics();
  CHECK(f.values[0] == std::lround(m.frequency() * 100));
  const auto import = (std::uint32_t{f.values[2]} << 16) | f.values[3];
  CHECK(import == static_cast<std::uint32_t>(std::floor(m.energy(energy_kind::active_import) / 10)));
  const auto t1 = (std::uint32_t{f.values[4]} << 16) | f.values[5];
  CHECK(t1 == static_cast<std::uint32_t>(std::floor(m.energy(energy_kind::active_import, 1) / 10)));
}

TEST_CASE("a scale-factor register gives its dependants' exponent") {
  auto d = make_device();
  const auto r = d.answer(request(function_code::read_input_registers, 0x50, 3), monday_10am);
  REQUIRE_FALSE(r.is_exception());
  CHECK(static_cast<std::int16_t>(r.values[2]) == 0); // apparent power in whole VA
  CHECK(static_cast<std::int16_t>(r.values[0]) == std::lround(d.physics().apparent()));
}

TEST_CASE("the machine state, the input bitmask with its bits, and a counter of rising edges") {
  auto d = make_device();
  for (int s = 0; s < 1800; s += 7) {
    const auto now = monday_10am + s * 1000;
    const auto r = d.answer(request(function_code::read_holding_registers, 0x200, 3), now);
    REQUIRE_FALSE(r.is_exception());
    const auto& mc = d.physics().machine();
    CHECK(r.values[0] == static_cast<std::uint16_t>(mc.state()));
    CHECK(r.values[1] == mc.input_mask());
    CHECK(r.values[2] == mc.rising_edges(3) % 65536);
  }
  CHECK(d.physics().machine().rising_edges(3) > 0);
}

TEST_CASE("identification registers hold the identify rule's value, a serial from the seed and the model name") {
  auto a = make_device(test_meter, 1, 7), b = make_device(test_meter, 2, 7);
  const auto ra = a.answer(request(function_code::read_holding_registers, 0xFC00, 3), monday_10am);
  const auto rb = b.answer(request(function_code::read_holding_registers, 0xFC00, 3), monday_10am);
  REQUIRE_FALSE(ra.is_exception());
  CHECK(ra.values[2] == 348);
  const auto serial_a = (std::uint32_t{ra.values[0]} << 16) | ra.values[1];
  const auto serial_b = (std::uint32_t{rb.values[0]} << 16) | rb.values[1];
  CHECK(serial_a >= 10'000'000);
  CHECK(serial_a <= 99'999'999);
  CHECK(serial_a != serial_b);
  const auto text = a.answer(request(function_code::read_holding_registers, 0xFC10, 4), monday_10am);
  CHECK(text.values == std::vector<std::uint16_t>{0x5465, 0x7374, 0x206D, 0x6574}); // "Test met"
}

TEST_CASE("reads the device refuses get exception 2 or 3") {
  auto d = make_device();
  CHECK(exception_of(d, request(function_code::read_input_registers, 12, 2)) == 2);  // past the allowed gap
  CHECK(exception_of(d, request(function_code::read_input_registers, 10, 4)) == 2);  // into it
  CHECK(exception_of(d, request(function_code::read_input_registers, 0x60, 1)) == 2); // forbidden, unmapped
  CHECK(exception_of(d, request(function_code::read_holding_registers, 0, 2)) == 2);  // wrong table
  CHECK(exception_of(d, request(function_code::read_input_registers, 0, 41)) == 3);  // more than max_registers
  CHECK(exception_of(d, request(function_code::read_coils, 0, 1)) == 2);
  CHECK(exception_of(d, request(function_code::read_input_registers, 1, 2)) == 0);   // half of a float: as devices do
  auto unknown = request(function_code::read_input_registers, 0, 1);
  unknown.function = static_cast<function_code>(0x2B);
  CHECK(exception_of(d, unknown) == 1);
}

TEST_CASE("a boundary splits a block: a read across it is refused") {
  auto d = make_device(R"(
model: B
vendor: T
source: t
protocol: modbus
limits: {boundaries: [4], max_gap: 4}
defaults: {table: holding, type: u16}
groups:
  - {name: g, registers: [{name: a, address: 3, quantity: "1-0:32.7.0", unit: V},
                          {name: b, address: 4, quantity: "1-0:52.7.0", unit: V}]}
)");
  CHECK(exception_of(d, request(function_code::read_holding_registers, 3, 2)) == 2);
  CHECK(exception_of(d, request(function_code::read_holding_registers, 3, 1)) == 0);
  CHECK(exception_of(d, request(function_code::read_holding_registers, 4, 1)) == 0);
}

TEST_CASE("writes to writable registers are echoed and read back") {
  auto d = make_device();
  auto echo = d.answer(request(function_code::write_single_register, 0x300, 1, {30}), monday_10am);
  CHECK_FALSE(echo.is_exception());
  CHECK(echo.address == 0x300);
  CHECK(echo.values == std::vector<std::uint16_t>{30});
  CHECK(d.answer(request(function_code::read_holding_registers, 0x300, 1), monday_10am + 60'000).values
        == std::vector<std::uint16_t>{30});
  // 21.5 as an f32: 0x41AC0000
  echo = d.answer(request(function_code::write_multiple_registers, 0x302, 2, {0x41AC, 0x0000}), monday_10am);
  CHECK_FALSE(echo.is_exception());
  CHECK(echo.count == 2);
  CHECK(d.answer(request(function_code::read_holding_registers, 0x302, 2), monday_10am).values
        == std::vector<std::uint16_t>{0x41AC, 0x0000});
  CHECK(d.answer(request(function_code::write_single_coil, 3, 1, {1}), monday_10am).values
        == std::vector<std::uint16_t>{1});
  CHECK(d.answer(request(function_code::read_coils, 3, 1), monday_10am).values == std::vector<std::uint16_t>{1});
}

TEST_CASE("a counter written 0 goes on counting from 0") {
  auto d = make_device();
  d.advance_to(monday_10am + 1'800'000);
  REQUIRE(d.physics().machine().rising_edges(3) > 0);
  const auto edges = d.physics().machine().rising_edges(3);
  const auto now = d.physics().time_ms();
  CHECK_FALSE(d.answer(request(function_code::write_single_register, 0x202, 1, {0}), now).is_exception());
  CHECK(d.answer(request(function_code::read_holding_registers, 0x202, 1), now).values[0] == 0);
  const auto later = monday_10am + 7'200'000;
  const auto r = d.answer(request(function_code::read_holding_registers, 0x202, 1), later);
  CHECK(r.values[0] == d.physics().machine().rising_edges(3) - edges);
}

TEST_CASE("writes the device refuses get exception 1, 2 or 3 and change nothing") {
  auto d = make_device();
  CHECK(exception_of(d, request(function_code::write_single_register, 0x300, 1, {61})) == 3);  // above max
  CHECK(exception_of(d, request(function_code::write_single_register, 0x200, 1, {1})) == 2);   // read-only
  CHECK(exception_of(d, request(function_code::write_single_register, 0x400, 1, {1})) == 2);   // no register
  CHECK(exception_of(d, request(function_code::write_single_register, 0x302, 1, {0x41AC})) == 3); // half a float
  CHECK(exception_of(d, request(function_code::write_multiple_registers, 0x302, 2, {0x7FC0, 0})) == 3); // NaN
  CHECK(exception_of(d, request(function_code::write_multiple_registers, 0x200, 3, {0, 0, 0})) == 2);
  CHECK(exception_of(d, request(function_code::write_single_coil, 4, 1, {1})) == 2);
  CHECK(d.answer(request(function_code::read_holding_registers, 0x300, 1), monday_10am).values[0] == 0);
  auto owen = make_device(R"(
model: M
vendor: T
source: t
protocol: modbus
limits: {single_writes: false}
defaults: {table: holding, type: u16}
groups:
  - {name: g, registers: [{name: a, address: 3, quantity: "x:do.1", writable: true}]}
)");
  CHECK(exception_of(owen, request(function_code::write_single_register, 3, 1, {1})) == 1);
  CHECK(exception_of(owen, request(function_code::write_multiple_registers, 3, 1, {1})) == 0);
  CHECK(owen.answer(request(function_code::read_holding_registers, 3, 1), monday_10am).values[0] == 1);
}

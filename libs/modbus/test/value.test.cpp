#include "meterhub/modbus/value.hpp"

#include <cstdint>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace meterhub::modbus;
using test::error_of;

namespace {

using regs = std::vector<std::uint16_t>;

value_spec spec(value_type t, word_order o = word_order::abcd) {
  value_spec s;
  s.type = t;
  s.order = o;
  return s;
}

raw_value u(std::uint64_t v) {
  return v;
}
raw_value s(std::int64_t v) {
  return v;
}

} // namespace

TEST_CASE("register counts per type") {
  CHECK(register_count(spec(value_type::u16)) == 1);
  CHECK(register_count(spec(value_type::s16)) == 1);
  CHECK(register_count(spec(value_type::bcd16)) == 1);
  CHECK(register_count(spec(value_type::bits)) == 1);
  CHECK(register_count(spec(value_type::boolean)) == 1);
  CHECK(register_count(spec(value_type::u32)) == 2);
  CHECK(register_count(spec(value_type::s32)) == 2);
  CHECK(register_count(spec(value_type::f32)) == 2);
  CHECK(register_count(spec(value_type::bcd32)) == 2);
  CHECK(register_count(spec(value_type::u64)) == 4);
  CHECK(register_count(spec(value_type::s64)) == 4);
  CHECK(register_count(spec(value_type::f64)) == 4);
  auto text = spec(value_type::string);
  text.length = 10;
  CHECK(register_count(text) == 10);
}

TEST_CASE("32-bit integers in the four word orders") {
  CHECK(decode(regs{0x1234, 0x5678}, spec(value_type::u32, word_order::abcd)) == u(0x12345678));
  CHECK(decode(regs{0x5678, 0x1234}, spec(value_type::u32, word_order::cdab)) == u(0x12345678));
  CHECK(decode(regs{0x3412, 0x7856}, spec(value_type::u32, word_order::badc)) == u(0x12345678));
  CHECK(decode(regs{0x7856, 0x3412}, spec(value_type::u32, word_order::dcba)) == u(0x12345678));
  CHECK(decode(regs{0xFFFF, 0xFF85}, spec(value_type::s32)) == s(-123));
  CHECK(decode(regs{0xFF85, 0xFFFF}, spec(value_type::s32, word_order::cdab)) == s(-123));
  CHECK(decode(regs{0x85FF, 0xFFFF}, spec(value_type::s32, word_order::dcba)) == s(-123));
  CHECK(decode(regs{0x8000, 0x0000}, spec(value_type::s32)) == s(std::numeric_limits<std::int32_t>::min()));
  CHECK(decode(regs{0x8000, 0x0000}, spec(value_type::u32)) == u(0x80000000));
  CHECK(encode(u(0x12345678), spec(value_type::u32, word_order::badc)) == regs{0x3412, 0x7856});
  CHECK(encode(s(-123), spec(value_type::s32, word_order::cdab)) == regs{0xFF85, 0xFFFF});
}

TEST_CASE("64-bit integers in the four word orders") {
  const std::uint64_t v = 0x0102030405060708;
  CHECK(decode(regs{0x0102, 0x0304, 0x0506, 0x0708}, spec(value_type::u64, word_order::abcd)) == u(v));
  CHECK(decode(regs{0x0708, 0x0506, 0x0304, 0x0102}, spec(value_type::u64, word_order::cdab)) == u(v));
  CHECK(decode(regs{0x0201, 0x0403, 0x0605, 0x0807}, spec(value_type::u64, word_order::badc)) == u(v));
  CHECK(decode(regs{0x0807, 0x0605, 0x0403, 0x0201}, spec(value_type::u64, word_order::dcba)) == u(v));
  CHECK(decode(regs{0xFFFF, 0xFFFF, 0xFFFF, 0xFFFE}, spec(value_type::s64)) == s(-2));
  CHECK(decode(regs{0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF}, spec(value_type::u64)) == u(UINT64_MAX));
  CHECK(decode(regs{0x8000, 0, 0, 0}, spec(value_type::s64)) == s(std::numeric_limits<std::int64_t>::min()));
  CHECK(encode(u(v), spec(value_type::u64, word_order::dcba)) == regs{0x0807, 0x0605, 0x0403, 0x0201});
  CHECK(encode(s(-2), spec(value_type::s64, word_order::cdab)) == regs{0xFFFE, 0xFFFF, 0xFFFF, 0xFFFF});
}

TEST_CASE("16-bit values swap bytes in BADC and DCBA only") {
  CHECK(decode(regs{0x1234}, spec(value_type::u16)) == u(0x1234));
  CHECK(decode(regs{0x1234}, spec(value_type::u16, word_order::cdab)) == u(0x1234));
  CHECK(decode(regs{0x1234}, spec(value_type::u16, word_order::badc)) == u(0x3412));
  CHECK(decode(regs{0x1234}, spec(value_type::u16, word_order::dcba)) == u(0x3412));
  CHECK(decode(regs{0xFF85}, spec(value_type::s16)) == s(-123));
  CHECK(decode(regs{0x85FF}, spec(value_type::s16, word_order::badc)) == s(-123));
  CHECK(decode(regs{0x7FFF}, spec(value_type::s16)) == s(32767));
  CHECK(decode(regs{0x8000}, spec(value_type::s16)) == s(-32768));
  CHECK(encode(s(-32768), spec(value_type::s16)) == regs{0x8000});
  CHECK(encode(u(0x1234), spec(value_type::u16, word_order::dcba)) == regs{0x3412});
}

TEST_CASE("floats, 230.5 V in every order") {
  CHECK(decode(regs{0x4366, 0x8000}, spec(value_type::f32, word_order::abcd)) == raw_value{230.5});
  CHECK(decode(regs{0x8000, 0x4366}, spec(value_type::f32, word_order::cdab)) == raw_value{230.5});
  CHECK(decode(regs{0x6643, 0x0080}, spec(value_type::f32, word_order::badc)) == raw_value{230.5});
  CHECK(decode(regs{0x0080, 0x6643}, spec(value_type::f32, word_order::dcba)) == raw_value{230.5});
  CHECK(decode(regs{0x406C, 0xD000, 0, 0}, spec(value_type::f64)) == raw_value{230.5});
  CHECK(decode(regs{0, 0, 0xD000, 0x406C}, spec(value_type::f64, word_order::cdab)) == raw_value{230.5});
  CHECK(decode(regs{0x6C40, 0x00D0, 0, 0}, spec(value_type::f64, word_order::badc)) == raw_value{230.5});
  CHECK(decode(regs{0, 0, 0x00D0, 0x6C40}, spec(value_type::f64, word_order::dcba)) == raw_value{230.5});
  CHECK(decode(regs{0xBFF8, 0, 0, 0}, spec(value_type::f64)) == raw_value{-1.5});
  CHECK(decode(regs{0x0000, 0x0000}, spec(value_type::f32)) == raw_value{0.0});
  CHECK(encode(raw_value{230.5}, spec(value_type::f32, word_order::badc)) == regs{0x6643, 0x0080});
  CHECK(encode(raw_value{230.5}, spec(value_type::f64, word_order::dcba)) == regs{0, 0, 0x00D0, 0x6C40});
  CHECK(encode(u(7), spec(value_type::f32)) == regs{0x40E0, 0x0000});
  CHECK(encode(s(-1), spec(value_type::f32)) == regs{0xBF80, 0x0000});
}

TEST_CASE("NaN and infinite floats are no reading") {
  CHECK(error_of(decode(regs{0x7FC0, 0x0000}, spec(value_type::f32))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0xFFFF, 0xFFFF}, spec(value_type::f32))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0x7F80, 0x0000}, spec(value_type::f32))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0xFF80, 0x0000}, spec(value_type::f32))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0x0000, 0xC07F}, spec(value_type::f32, word_order::dcba))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0x7FF8, 0, 0, 0}, spec(value_type::f64))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0xFFF0, 0, 0, 0}, spec(value_type::f64))) == modbus_errc::bad_value);
  // The largest finite values are values.
  CHECK(decode(regs{0x7F7F, 0xFFFF}, spec(value_type::f32)) == raw_value{double{std::numeric_limits<float>::max()}});
  CHECK(decode(regs{0x7FEF, 0xFFFF, 0xFFFF, 0xFFFF}, spec(value_type::f64))
        == raw_value{std::numeric_limits<double>::max()});
}

TEST_CASE("BCD holds decimal digits only") {
  CHECK(decode(regs{0x1234}, spec(value_type::bcd16)) == u(1234));
  CHECK(decode(regs{0x0099}, spec(value_type::bcd16)) == u(99));
  CHECK(decode(regs{0x9999}, spec(value_type::bcd16)) == u(9999));
  CHECK(decode(regs{0x3412}, spec(value_type::bcd16, word_order::badc)) == u(1234));
  CHECK(decode(regs{0x1234, 0x5678}, spec(value_type::bcd32)) == u(12345678));
  CHECK(decode(regs{0x5678, 0x1234}, spec(value_type::bcd32, word_order::cdab)) == u(12345678));
  CHECK(decode(regs{0x0000, 0x0001}, spec(value_type::bcd32)) == u(1));
  CHECK(error_of(decode(regs{0x12A4}, spec(value_type::bcd16))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0xF000}, spec(value_type::bcd16))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0x1234, 0x567A}, spec(value_type::bcd32))) == modbus_errc::bad_value);
  CHECK(encode(u(1234), spec(value_type::bcd16)) == regs{0x1234});
  CHECK(encode(u(0), spec(value_type::bcd16)) == regs{0x0000});
  CHECK(encode(u(12345678), spec(value_type::bcd32, word_order::cdab)) == regs{0x5678, 0x1234});
  CHECK(encode(u(99999999), spec(value_type::bcd32)) == regs{0x9999, 0x9999});
  CHECK(error_of(encode(u(10000), spec(value_type::bcd16))) == modbus_errc::out_of_range);
  CHECK(error_of(encode(u(100000000), spec(value_type::bcd32))) == modbus_errc::out_of_range);
  CHECK(error_of(encode(s(-1), spec(value_type::bcd16))) == modbus_errc::out_of_range);
}

TEST_CASE("bit fields of one register") {
  auto field = [](unsigned offset, unsigned count, word_order o = word_order::abcd) {
    auto sp = spec(value_type::bits, o);
    sp.bit_offset = offset;
    sp.bit_count = count;
    return sp;
  };
  CHECK(decode(regs{0xA006}, field(1, 2)) == u(3));
  CHECK(decode(regs{0xA006}, field(0, 1)) == u(0));
  CHECK(decode(regs{0xA006}, field(13, 3)) == u(5));
  CHECK(decode(regs{0xA006}, field(15, 1)) == u(1));
  CHECK(decode(regs{0xA006}, field(0, 16)) == u(0xA006));
  CHECK(decode(regs{0x06A0}, field(13, 3, word_order::badc)) == u(5));
  CHECK(encode(u(5), field(4, 3)) == regs{0x0050});
  CHECK(encode(u(5), field(4, 3, word_order::dcba)) == regs{0x5000});
  CHECK(encode(u(0xFFFF), field(0, 16)) == regs{0xFFFF});
  CHECK(error_of(encode(u(8), field(4, 3))) == modbus_errc::out_of_range);
  CHECK(error_of(decode(regs{0}, field(0, 0))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0}, field(0, 17))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0}, field(15, 2))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0}, field(16, 1))) == modbus_errc::bad_value);
  CHECK(error_of(encode(u(0), field(9, 8))) == modbus_errc::bad_value);
}

TEST_CASE("booleans are coils and discrete inputs") {
  CHECK(decode(regs{0}, spec(value_type::boolean)) == u(0));
  CHECK(decode(regs{1}, spec(value_type::boolean)) == u(1));
  CHECK(decode(regs{0xFF00}, spec(value_type::boolean, word_order::dcba)) == u(1));
  CHECK(encode(u(1), spec(value_type::boolean, word_order::badc)) == regs{1});
  CHECK(encode(raw_value{0.0}, spec(value_type::boolean)) == regs{0});
  CHECK(encode(s(1), spec(value_type::boolean)) == regs{1});
  CHECK(error_of(encode(u(2), spec(value_type::boolean))) == modbus_errc::out_of_range);
  CHECK(error_of(encode(raw_value{0.5}, spec(value_type::boolean))) == modbus_errc::out_of_range);
}

TEST_CASE("strings, two characters a register") {
  auto text = [](unsigned length, word_order o = word_order::abcd) {
    auto sp = spec(value_type::string, o);
    sp.length = length;
    return sp;
  };
  CHECK(decode(regs{0x5344, 0x4D36, 0x3330, 0x0000}, text(4)) == raw_value{std::string{"SDM630"}});
  CHECK(decode(regs{0x4453, 0x364D, 0x3033, 0x0000}, text(4, word_order::badc)) == raw_value{std::string{"SDM630"}});
  CHECK(decode(regs{0x5344, 0x4D36, 0x3330, 0x0000}, text(4, word_order::cdab)) == raw_value{std::string{"SDM630"}});
  CHECK(decode(regs{0x4142, 0x2020}, text(2)) == raw_value{std::string{"AB"}});
  CHECK(decode(regs{0x2041, 0x4220}, text(2)) == raw_value{std::string{" AB"}});
  CHECK(decode(regs{0x4142, 0x0043}, text(2)) == raw_value{std::string{"AB"}}); // after the first NUL: padding
  CHECK(decode(regs{0x4100, 0xFF01}, text(2)) == raw_value{std::string{"A"}});
  CHECK(decode(regs{0x0000}, text(1)) == raw_value{std::string{}});
  CHECK(error_of(decode(regs{0x4101}, text(1))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0xC3A9}, text(1))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0x417F}, text(1))) == modbus_errc::bad_value);
  CHECK(encode(raw_value{std::string{"SDM630"}}, text(4)) == regs{0x5344, 0x4D36, 0x3330, 0x0000});
  CHECK(encode(raw_value{std::string{"SDM630"}}, text(3, word_order::dcba)) == regs{0x4453, 0x364D, 0x3033});
  CHECK(encode(raw_value{std::string{"ABC"}}, text(2)) == regs{0x4142, 0x4300});
  CHECK(encode(raw_value{std::string{}}, text(1)) == regs{0x0000});
  CHECK(error_of(encode(raw_value{std::string{"ABCDE"}}, text(2))) == modbus_errc::out_of_range);
  CHECK(error_of(encode(raw_value{std::string{"A\tB"}}, text(2))) == modbus_errc::out_of_range);
  CHECK(error_of(encode(u(1), text(2))) == modbus_errc::out_of_range);
  CHECK(error_of(decode(regs{}, text(0))) == modbus_errc::bad_value);
  CHECK(error_of(encode(raw_value{std::string{}}, text(126))) == modbus_errc::bad_value);
  CHECK(encode(raw_value{std::string(250, 'x')}, text(125))->size() == 125);
}

TEST_CASE("a value needs exactly its registers") {
  CHECK(error_of(decode(regs{0x1234}, spec(value_type::u32))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{0x1234, 0x5678}, spec(value_type::u16))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{1, 2, 3}, spec(value_type::f64))) == modbus_errc::bad_value);
  CHECK(error_of(decode(regs{}, spec(value_type::boolean))) == modbus_errc::bad_value);
  auto err = decode(regs{0x1234}, spec(value_type::f32));
  REQUIRE_FALSE(err);
  CHECK(meterhub::describe(err.error()) == "modbus: bad_value: 1 registers for a value of 2");
}

TEST_CASE("encode refuses values that do not fit their type") {
  auto bad = [](raw_value v, value_type t) { return error_of(encode(v, spec(t))) == modbus_errc::out_of_range; };
  CHECK(bad(u(65536), value_type::u16));
  CHECK(bad(s(-1), value_type::u16));
  CHECK(bad(raw_value{1.5}, value_type::u16));
  CHECK(bad(raw_value{std::string{"1"}}, value_type::u16));
  CHECK(bad(raw_value{std::numeric_limits<double>::quiet_NaN()}, value_type::u32));
  CHECK(bad(raw_value{std::numeric_limits<double>::infinity()}, value_type::s64));
  CHECK(bad(s(32768), value_type::s16));
  CHECK(bad(s(-32769), value_type::s16));
  CHECK(bad(u(0x100000000), value_type::u32));
  CHECK(bad(s(-2147483649LL), value_type::s32));
  CHECK(bad(raw_value{18446744073709551616.0}, value_type::u64));
  CHECK(bad(s(-1), value_type::u64));
  CHECK(bad(u(0x8000000000000000), value_type::s64));
  CHECK(bad(raw_value{9223372036854775808.0}, value_type::s64));
  CHECK(bad(raw_value{1e39}, value_type::f32));
  CHECK(bad(raw_value{-1e39}, value_type::f32));
  CHECK(bad(raw_value{std::numeric_limits<double>::infinity()}, value_type::f64));
  CHECK(bad(raw_value{std::numeric_limits<double>::quiet_NaN()}, value_type::f32));
  CHECK(bad(raw_value{std::string{"230.5"}}, value_type::f32));
  CHECK(bad(raw_value{12.5}, value_type::bcd16));
}

TEST_CASE("encode takes any number that fits exactly") {
  CHECK(encode(raw_value{65535.0}, spec(value_type::u16)) == regs{0xFFFF});
  CHECK(encode(raw_value{-0.0}, spec(value_type::u16)) == regs{0x0000});
  CHECK(encode(raw_value{-32768.0}, spec(value_type::s16)) == regs{0x8000});
  CHECK(encode(u(123), spec(value_type::s16)) == regs{0x007B});
  CHECK(encode(s(123), spec(value_type::u32)) == regs{0x0000, 0x007B});
  CHECK(encode(u(UINT64_MAX), spec(value_type::u64)) == regs{0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF});
  CHECK(encode(raw_value{-9223372036854775808.0}, spec(value_type::s64)) == regs{0x8000, 0, 0, 0});
  CHECK(encode(s(std::numeric_limits<std::int32_t>::min()), spec(value_type::s32)) == regs{0x8000, 0x0000});
  CHECK(encode(raw_value{double{std::numeric_limits<float>::max()}}, spec(value_type::f32)) == regs{0x7F7F, 0xFFFF});
  CHECK(encode(raw_value{0.1}, spec(value_type::f32)) == regs{0x3DCC, 0xCCCD}); // rounded to the nearest float
}

TEST_CASE("raw values as numbers") {
  CHECK(to_number(u(12)) == 12.0);
  CHECK(to_number(s(-12)) == -12.0);
  CHECK(to_number(raw_value{2.5}) == 2.5);
  CHECK(to_number(u(UINT64_MAX)) == 18446744073709551616.0);
  CHECK(error_of(to_number(raw_value{std::string{"12"}})) == modbus_errc::bad_value);
}

// Export encodings checked against the decoder of libs/modbus (what a meterhub profile reading the export back
// would get) and, for floats, against libmodbus's getters as an independent oracle.
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>
#include <modbus.h>

#include "meterhub/modbus/value.hpp"
#include "meterhub/modbus_export/encoding.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using modbus::value_type;
using modbus::word_order;

namespace {

const word_order all_orders[] = {word_order::abcd, word_order::cdab, word_order::badc, word_order::dcba};

double decoded(const encoded_value& e, const value_encoding& enc) {
  auto raw = modbus::decode(e.registers(), {enc.type, enc.order});
  REQUIRE(raw);
  return modbus::apply(*modbus::to_number(*raw), enc.scaling);
}

} // namespace

TEST_CASE("every exportable type reads back through libs/modbus in every word order", "[encoding]") {
  struct sample {
    value_type type;
    double value;
    double scale;
  };
  const sample samples[] = {
    {value_type::f32, 230.25, 1},        {value_type::f64, 123456789.125, 1}, {value_type::u16, 230.1, 0.1},
    {value_type::s16, -12.5, 0.5},       {value_type::u32, 123456789, 1},     {value_type::s32, -2000000.5, 0.5},
    {value_type::u64, 9.0e15, 1},        {value_type::s64, -9.0e15, 1},       {value_type::u32, 5234567.0, 1000},
  };
  for (auto order : all_orders)
    for (const auto& s : samples) {
      const value_encoding enc{s.type, order, {s.scale, 0.0}};
      auto e = encode_value(s.value, enc);
      INFO(modbus::to_string(s.type) << " " << modbus::to_string(order));
      CHECK(e.count == register_width(s.type));
      CHECK_FALSE(e.clamped);
      if (s.type == value_type::u32 && s.scale == 1000)
        CHECK(decoded(e, enc) == 5235000.0); // 5234.567 rounds to 5235 thousands
      else
        CHECK(decoded(e, enc) == Approx(s.value));
    }
}

TEST_CASE("word orders put the bytes where their names say", "[encoding]") {
  const double value = std::bit_cast<float>(0x41424344u); // bytes A=0x41 B=0x42 C=0x43 D=0x44
  auto words = [&](word_order o) {
    auto e = encode_value(value, {value_type::f32, o, {}});
    return std::vector<std::uint16_t>(e.registers().begin(), e.registers().end());
  };
  CHECK(words(word_order::abcd) == std::vector<std::uint16_t>{0x4142, 0x4344});
  CHECK(words(word_order::cdab) == std::vector<std::uint16_t>{0x4344, 0x4142});
  CHECK(words(word_order::badc) == std::vector<std::uint16_t>{0x4241, 0x4443});
  CHECK(words(word_order::dcba) == std::vector<std::uint16_t>{0x4443, 0x4241});
  auto u16 = encode_value(0x1234, {value_type::u16, word_order::badc, {}});
  CHECK(u16.words[0] == 0x3412);
}

TEST_CASE("libmodbus's float getters read the f32 registers in each order", "[encoding]") {
  using getter = float (*)(const std::uint16_t*);
  const std::pair<word_order, getter> oracles[] = {{word_order::abcd, modbus_get_float_abcd},
                                                   {word_order::cdab, modbus_get_float_cdab},
                                                   {word_order::badc, modbus_get_float_badc},
                                                   {word_order::dcba, modbus_get_float_dcba}};
  for (auto [order, get] : oracles)
    for (double v : {0.0, 1.5, -230.125, 49.98, 1.0e-20, 3.0e38}) {
      auto e = encode_value(v, {value_type::f32, order, {}});
      CHECK(get(e.words.data()) == static_cast<float>(v));
    }
}

TEST_CASE("values beyond the type saturate and say so, never wrap", "[encoding]") {
  auto check_limit = [](double value, value_type t, double expected) {
    const value_encoding enc{t, word_order::abcd, {}};
    auto e = encode_value(value, enc);
    INFO(modbus::to_string(t) << " " << value);
    CHECK(e.clamped);
    CHECK(decoded(e, enc) == expected);
  };
  check_limit(70000, value_type::u16, 65535);
  check_limit(-1, value_type::u16, 0);
  check_limit(40000, value_type::s16, 32767);
  check_limit(-40000, value_type::s16, -32768);
  check_limit(5.0e9, value_type::u32, 4294967295.0);
  check_limit(-3.0e9, value_type::s32, -2147483648.0);
  check_limit(1.0e30, value_type::s64, 9223372036854775807.0);
  check_limit(-1.0e30, value_type::s64, -9223372036854775808.0);
  check_limit(-5, value_type::u64, 0);
  check_limit(1.0e300, value_type::f32, FLT_MAX);
  check_limit(-1.0e300, value_type::f32, -FLT_MAX);
  // 65535.4 rounds to 65535: in range. 1e300 fits a double.
  CHECK_FALSE(encode_value(65535.4, {value_type::u16, word_order::abcd, {}}).clamped);
  CHECK_FALSE(encode_value(1.0e300, {value_type::f64, word_order::abcd, {}}).clamped);
  // A scaled value is checked after scaling: 6553.6 in tenths is 65536.
  CHECK(encode_value(6553.6, {value_type::u16, word_order::abcd, {0.1, 0}}).clamped);
}

TEST_CASE("integers round half away from zero after scaling", "[encoding]") {
  auto raw = [](double v, value_type t, double scale, double offset = 0) {
    auto e = encode_value(v, {t, word_order::abcd, {scale, offset}});
    return modbus::decode(e.registers(), {t, word_order::abcd});
  };
  CHECK(std::get<std::uint64_t>(*raw(2.5, value_type::u16, 1)) == 3);
  CHECK(std::get<std::int64_t>(*raw(-2.5, value_type::s16, 1)) == -3);
  CHECK(std::get<std::uint64_t>(*raw(230.14, value_type::u16, 0.1)) == 2301);
  CHECK(std::get<std::int64_t>(*raw(-12.0, value_type::s16, 1, -40)) == 28); // (value - offset) / scale
  CHECK(std::get<std::uint64_t>(*raw(1234567.0, value_type::u32, 1000)) == 1235); // Wh → kWh
}

TEST_CASE("values that are not numbers give NaN floats and zero integers, unclamped", "[encoding]") {
  auto nan = std::numeric_limits<double>::quiet_NaN();
  auto abcd = encode_value(nan, {value_type::f32, word_order::abcd, {}});
  CHECK(abcd.words[0] == 0x7FC0);
  CHECK(abcd.words[1] == 0x0000);
  auto cdab = encode_value(std::numeric_limits<double>::infinity(), {value_type::f32, word_order::cdab, {}});
  CHECK(cdab.words[0] == 0x0000);
  CHECK(cdab.words[1] == 0x7FC0);
  CHECK(std::isnan(modbus_get_float_cdab(cdab.words.data())));
  auto f64 = encode_value(nan, {value_type::f64, word_order::abcd, {}});
  CHECK(f64.words[0] == 0x7FF8);
  auto s32 = encode_value(nan, {value_type::s32, word_order::abcd, {}});
  CHECK(s32.count == 2);
  CHECK(s32.words[0] == 0);
  CHECK(s32.words[1] == 0);
  CHECK_FALSE(s32.clamped);
}

TEST_CASE("counts saturate at u16 and u32 and follow the word order", "[encoding]") {
  auto small = encode_count(70000, value_type::u16, word_order::abcd);
  CHECK(small.count == 1);
  CHECK(small.words[0] == 65535);
  CHECK(small.clamped);
  auto wide = encode_count(0x00012345, value_type::u32, word_order::cdab);
  CHECK(wide.count == 2);
  CHECK(wide.words[0] == 0x2345);
  CHECK(wide.words[1] == 0x0001);
  CHECK_FALSE(wide.clamped);
  auto never = encode_count(std::numeric_limits<std::uint64_t>::max(), value_type::u32, word_order::abcd);
  CHECK(never.words[0] == 0xFFFF);
  CHECK(never.words[1] == 0xFFFF);
}

TEST_CASE("written command registers decode with the command's encoding", "[encoding]") {
  const std::uint16_t tenths[] = {2301};
  CHECK(*decode_value(tenths, {value_type::u16, word_order::abcd, {0.1, 0}}) == Approx(230.1));
  const std::uint16_t nan_words[] = {0x7FC0, 0x0000};
  CHECK_FALSE(decode_value(nan_words, {value_type::f32, word_order::abcd, {}}));
  const std::uint16_t one_word[] = {1};
  CHECK_FALSE(decode_value(one_word, {value_type::u32, word_order::abcd, {}}));
  for (auto order : all_orders) {
    const value_encoding enc{value_type::s32, order, {1, 0}};
    auto e = encode_value(-70000, enc);
    CHECK(*decode_value(e.registers(), enc) == -70000);
  }
}

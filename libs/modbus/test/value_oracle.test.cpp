// libmodbus 3.1.6 as an independent oracle for floats and ABCD integers. Its float getters are right (its setters
// are not: TOOLCHAIN.md), so only getters are used: on registers laid out by encode, and on random registers.
#include <bit>
#include <cmath>
#include <random>

#include <catch2/catch.hpp>
#include <modbus.h>

#include "meterhub/modbus/value.hpp"

using namespace meterhub::modbus;

namespace {

using getter = float (*)(const std::uint16_t*);

struct oracle {
  word_order order;
  getter get;
};

const oracle oracles[] = {
  {word_order::abcd, modbus_get_float_abcd},
  {word_order::cdab, modbus_get_float_cdab},
  {word_order::badc, modbus_get_float_badc},
  {word_order::dcba, modbus_get_float_dcba},
};

value_spec f32(word_order o) {
  return {value_type::f32, o, 0, 1, 1};
}

} // namespace

TEST_CASE("libmodbus reads back the floats encode writes, in every order") {
  std::mt19937 rng{20261201};
  for (const auto& o : oracles) {
    for (int i = 0; i < 20000; ++i) {
      auto f = std::bit_cast<float>(static_cast<std::uint32_t>(rng()));
      if (!std::isfinite(f))
        continue;
      auto regs = encode(raw_value{double{f}}, f32(o.order));
      REQUIRE(regs);
      REQUIRE(std::bit_cast<std::uint32_t>(o.get(regs->data())) == std::bit_cast<std::uint32_t>(f));
    }
  }
  std::uint16_t volts[] = {0x4366, 0x8000};
  CHECK(modbus_get_float_abcd(volts) == 230.5f); // the oracle itself, on the known value
}

TEST_CASE("decode agrees with libmodbus on random registers, in every order") {
  std::mt19937 rng{7};
  int finite = 0;
  for (const auto& o : oracles) {
    for (int i = 0; i < 20000; ++i) {
      std::uint16_t regs[2] = {static_cast<std::uint16_t>(rng()), static_cast<std::uint16_t>(rng())};
      float expected = o.get(regs);
      auto got = decode(regs, f32(o.order));
      if (!std::isfinite(expected)) {
        REQUIRE_FALSE(got);
        continue;
      }
      REQUIRE(got);
      REQUIRE(std::bit_cast<std::uint64_t>(std::get<double>(*got)) == std::bit_cast<std::uint64_t>(double{expected}));
      ++finite;
    }
  }
  CHECK(finite > 70000);
}

TEST_CASE("ABCD integers agree with libmodbus's macros") {
  std::mt19937 rng{11};
  for (int i = 0; i < 20000; ++i) {
    std::uint16_t regs[4];
    for (auto& r : regs)
      r = static_cast<std::uint16_t>(rng());
    auto s32 = decode(std::span{regs, 2}, {value_type::s32, word_order::abcd, 0, 1, 1});
    auto u64 = decode(regs, {value_type::u64, word_order::abcd, 0, 1, 1});
    auto s16 = decode(std::span{regs, 1}, {value_type::s16, word_order::abcd, 0, 1, 1});
    REQUIRE(std::get<std::int64_t>(*s32) == static_cast<std::int32_t>(MODBUS_GET_INT32_FROM_INT16(regs, 0)));
    REQUIRE(std::get<std::uint64_t>(*u64) == static_cast<std::uint64_t>(MODBUS_GET_INT64_FROM_INT16(regs, 0)));
    REQUIRE(std::get<std::int64_t>(*s16) == static_cast<std::int16_t>(regs[0]));
  }
}

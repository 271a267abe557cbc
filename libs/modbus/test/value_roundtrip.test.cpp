// Property tests: registers → decode → encode gives the registers back (where they hold a value), and values →
// encode → decode gives the values back, for every type in every word order.
#include <bit>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "meterhub/modbus/value.hpp"

using namespace meterhub::modbus;

namespace {

constexpr word_order orders[] = {word_order::abcd, word_order::cdab, word_order::badc, word_order::dcba};
constexpr value_type numeric_types[] = {value_type::u16,   value_type::s16,  value_type::u32,   value_type::s32,
                                        value_type::u64,   value_type::s64,  value_type::f32,   value_type::f64,
                                        value_type::bcd16, value_type::bcd32};

std::vector<std::uint16_t> random_regs(std::mt19937_64& rng, unsigned n) {
  std::vector<std::uint16_t> regs(n);
  for (auto& r : regs)
    r = static_cast<std::uint16_t>(rng());
  return regs;
}

/// Random BCD registers: every nibble a digit.
std::vector<std::uint16_t> random_bcd(std::mt19937_64& rng, unsigned n) {
  std::vector<std::uint16_t> regs(n);
  for (auto& r : regs)
    for (int k = 0; k < 4; ++k)
      r = static_cast<std::uint16_t>((r << 4) | rng() % 10);
  return regs;
}

} // namespace

TEST_CASE("registers survive decode and encode, every type and order") {
  std::mt19937_64 rng{42};
  for (auto type : numeric_types)
    for (auto order : orders) {
      value_spec spec{type, order, 0, 1, 1};
      bool bcd = type == value_type::bcd16 || type == value_type::bcd32;
      int decoded = 0;
      for (int i = 0; i < 5000; ++i) {
        auto regs = bcd ? random_bcd(rng, register_count(spec)) : random_regs(rng, register_count(spec));
        auto value = decode(regs, spec);
        if (!value)
          continue; // NaN or infinity
        ++decoded;
        auto again = encode(*value, spec);
        REQUIRE(again);
        REQUIRE(*again == regs);
      }
      CHECK(decoded > 4900);
    }
}

TEST_CASE("bit fields survive decode and encode, the field's bits only") {
  std::mt19937_64 rng{43};
  for (auto order : orders)
    for (unsigned count = 1; count <= 16; ++count)
      for (unsigned offset = 0; offset + count <= 16; ++offset) {
        value_spec spec{value_type::bits, order, offset, count, 1};
        for (int i = 0; i < 50; ++i) {
          auto regs = random_regs(rng, 1);
          auto value = decode(regs, spec);
          REQUIRE(value);
          auto again = encode(*value, spec);
          REQUIRE(again);
          auto mask = static_cast<std::uint16_t>(((1u << count) - 1) << offset);
          auto swap = [&](std::uint16_t w) {
            bool swapped = order == word_order::badc || order == word_order::dcba;
            return swapped ? static_cast<std::uint16_t>((w << 8) | (w >> 8)) : w;
          };
          REQUIRE(swap((*again)[0]) == (swap(regs[0]) & mask));
        }
      }
}

TEST_CASE("values survive encode and decode, every type and order") {
  std::mt19937_64 rng{44};
  for (auto order : orders) {
    for (int i = 0; i < 5000; ++i) {
      auto bits = rng();
      auto check = [&](raw_value v, value_type t) {
        value_spec spec{t, order, 0, 1, 1};
        auto regs = encode(v, spec);
        REQUIRE(regs);
        REQUIRE(decode(*regs, spec) == v);
      };
      check(std::uint64_t{bits & 0xFFFF}, value_type::u16);
      check(std::int64_t{static_cast<std::int16_t>(bits)}, value_type::s16);
      check(std::uint64_t{bits & 0xFFFF'FFFF}, value_type::u32);
      check(std::int64_t{static_cast<std::int32_t>(bits)}, value_type::s32);
      check(std::uint64_t{bits}, value_type::u64);
      check(static_cast<std::int64_t>(bits), value_type::s64);
      check(std::uint64_t{bits % 10'000}, value_type::bcd16);
      check(std::uint64_t{bits % 100'000'000}, value_type::bcd32);
      if (auto d = std::bit_cast<double>(bits); std::isfinite(d))
        check(d, value_type::f64);
      if (auto f = std::bit_cast<float>(static_cast<std::uint32_t>(bits)); std::isfinite(f))
        check(double{f}, value_type::f32);
    }
  }
}

TEST_CASE("strings survive encode and decode, every order") {
  std::mt19937_64 rng{45};
  for (auto order : orders)
    for (int i = 0; i < 2000; ++i) {
      unsigned length = 1 + rng() % 20;
      std::string text(rng() % (2 * length + 1), ' ');
      for (auto& c : text)
        c = static_cast<char>(0x20 + rng() % 95);
      while (!text.empty() && text.back() == ' ') // decode trims trailing spaces
        text.pop_back();
      value_spec spec{value_type::string, order, 0, 1, length};
      auto regs = encode(text, spec);
      REQUIRE(regs);
      REQUIRE(regs->size() == length);
      REQUIRE(decode(*regs, spec) == raw_value{text});
    }
}

#include "meterhub/mercury/values.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub::mercury;
using test::hex;

namespace {

std::optional<aux_word> aux(std::string_view text) {
  const auto b = hex(text);
  REQUIRE(b.size() == 3);
  return decode_aux_word(std::span<const std::uint8_t, 3>{b.data(), 3});
}

std::optional<std::uint32_t> energy(std::string_view text) {
  const auto b = hex(text);
  REQUIRE(b.size() == 4);
  return decode_energy_word(std::span<const std::uint8_t, 4>{b.data(), 4});
}

} // namespace

TEST_CASE("3-byte words are high part, low byte, middle byte, with two direction bits") {
  CHECK(aux("80 10 27") == aux_word{10'000, true, false}); // spec §5 worked example: −100.00 W
  CHECK(aux("00 40 5e") == aux_word{0x5E40, false, false}); // WB U1: 241.28 V
  CHECK(aux("48 87 70") == aux_word{0x087087, false, true});
  CHECK(aux("c8 87 70") == aux_word{0x087087, true, true});
  CHECK(aux("3f ff ff") == aux_word{0x3FFFFF, false, false});
  CHECK(aux("00 00 00") == aux_word{0, false, false});
  CHECK_FALSE(aux("ff ff ff")); // missing phase (SHD's 41943.03)
  CHECK(aux("ff ff fe") == aux_word{0x3FFEFF, true, true});
}

TEST_CASE("3-byte words encode back, clamped to 22 bits and never to the missing marker") {
  CHECK(encode_aux_word(aux_word{10'000, true, false}) == std::array<std::uint8_t, 3>{0x80, 0x10, 0x27});
  CHECK(encode_aux_word(aux_word{0x087087, false, true}) == std::array<std::uint8_t, 3>{0x48, 0x87, 0x70});
  CHECK(encode_aux_word(std::nullopt) == std::array<std::uint8_t, 3>{0xFF, 0xFF, 0xFF});
  CHECK(encode_aux_word(aux_word{0x7FFFFF, false, false}) == std::array<std::uint8_t, 3>{0x3F, 0xFF, 0xFF});
  CHECK(encode_aux_word(aux_word{0x3FFFFF, true, true}) == std::array<std::uint8_t, 3>{0xFF, 0xFE, 0xFF});
}

TEST_CASE("4-byte energies are two little-endian halves, high half first") {
  CHECK(energy("12 00 34 56") == 1'201'716u); // spec §5 worked example: 0x00125634 Wh
  CHECK(energy("30 00 28 c5") == 3'196'200u); // WB energy1 A+
  CHECK(energy("04 00 9c 95") == 300'444u);   // WB energy1 R+
  CHECK(energy("00 00 00 00") == 0u);
  CHECK(energy("ff ff ff fe") == 0xFFFFFEFFu);
  CHECK_FALSE(energy("ff ff ff ff")); // not measured
  CHECK(encode_energy_word(1'201'716u) == std::array<std::uint8_t, 4>{0x12, 0x00, 0x34, 0x56});
  CHECK(encode_energy_word(std::nullopt) == std::array<std::uint8_t, 4>{0xFF, 0xFF, 0xFF, 0xFF});
}

TEST_CASE("BCD bytes") {
  CHECK(from_bcd(0x59) == 59);
  CHECK(from_bcd(0x00) == 0);
  CHECK(from_bcd(0x99) == 99);
  CHECK_FALSE(from_bcd(0x5A));
  CHECK_FALSE(from_bcd(0xA0));
  CHECK(to_bcd(59) == 0x59);
  CHECK(to_bcd(7) == 0x07);
  CHECK(to_bcd(123) == 0x23);
}

TEST_CASE("2-byte numbers") {
  const auto le = hex("01 90");
  CHECK(decode_u16_le(std::span<const std::uint8_t, 2>{le.data(), 2}) == 0x9001);
  CHECK(decode_u16_be(std::span<const std::uint8_t, 2>{le.data(), 2}) == 0x0190);
  const auto none = hex("ff ff");
  CHECK_FALSE(decode_u16_le(std::span<const std::uint8_t, 2>{none.data(), 2}));
}

#include "meterhub/modbus/crc.hpp"

#include <string_view>

#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace meterhub::modbus;
using test::hex;

namespace {

std::uint16_t crc_of(std::string_view text) {
  return crc16_modbus({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

} // namespace

TEST_CASE("CRC-16/MODBUS has the catalogue's check value") {
  CHECK(crc_of("123456789") == 0x4B37);
  CHECK(crc_of("") == 0xFFFF);
  CHECK(crc16_modbus(std::vector<std::uint8_t>{0x00}) == 0x40BF);
}

TEST_CASE("the CRC of published RTU frames, sent low byte first") {
  // Modbus Application Protocol V1.1b3 §6.3 example, unit 1; and Simply Modbus's unit 17 example (CRC 76 87).
  CHECK(crc16_modbus(hex("01 03 00 6B 00 03")) == 0x1774);
  CHECK(crc16_modbus(hex("11 03 00 6B 00 03")) == 0x8776);
  CHECK(crc16_modbus(hex("11 03 06 AE 41 56 52 43 40")) == 0xAD49);
  auto frame = hex("01 03 00 6B 00 03");
  append_crc16_modbus(frame);
  CHECK(frame == hex("01 03 00 6B 00 03 74 17"));
}

TEST_CASE("a frame's CRC check catches every single flipped bit") {
  auto frame = hex("11 03 06 AE 41 56 52 43 40 49 AD");
  REQUIRE(has_valid_crc16_modbus(frame));
  for (std::size_t i = 0; i < frame.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      auto corrupt = frame;
      corrupt[i] = static_cast<std::uint8_t>(corrupt[i] ^ (1 << bit));
      CHECK_FALSE(has_valid_crc16_modbus(corrupt));
    }
  CHECK_FALSE(has_valid_crc16_modbus(hex("11 03 06 AE 41 56 52 43 40 AD 49"))); // CRC high byte first
  CHECK_FALSE(has_valid_crc16_modbus(hex("FF FF")));
  CHECK_FALSE(has_valid_crc16_modbus({}));
}

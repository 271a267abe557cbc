#include "meterhub/modbus/crc.hpp"

#include <catch2/catch.hpp>

#include <string_view>

#include "support.hpp"

using namespace meterhub::mercury;
using test::hex;

TEST_CASE("Mercury frames use libs/modbus's CRC-16/MODBUS: the catalogue check value") {
  constexpr std::string_view check = "123456789";
  const std::vector<std::uint8_t> bytes{check.begin(), check.end()};
  CHECK(meterhub::modbus::crc16_modbus(bytes) == 0x4B37);
  CHECK(meterhub::modbus::crc16_modbus({}) == 0xFFFF);
}

TEST_CASE("the spec's test-link frame to 2A has CRC D01E, sent low byte first") {
  CHECK(meterhub::modbus::crc16_modbus(hex("2a 00")) == 0xD01E);
  CHECK(meterhub::modbus::crc16_modbus(hex("2a 00 1e d0")) == 0); // over a whole frame the CRC is 0
  CHECK(meterhub::modbus::crc16_modbus(hex("2a 00 d0 1e")) != 0); // high byte first does not check
}

TEST_CASE("CRC of WB's captured frames") {
  CHECK(meterhub::modbus::crc16_modbus(hex("00 08 11 11")) == 0xBA4D);
  CHECK(meterhub::modbus::crc16_modbus(hex("00 01 01 01 01 01 01 01 01")) == 0x8177);
  CHECK(meterhub::modbus::crc16_modbus(hex("00 00")) == 0xB001);
}

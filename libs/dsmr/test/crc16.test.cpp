#include "meterhub/dsmr/crc16.hpp"
#include "meterhub/dsmr/framer.hpp"

#include <catch2/catch.hpp>

using namespace meterhub::dsmr;

TEST_CASE("CRC-16/ARC check value and the spec's worked example") {
  CHECK(crc16_arc("123456789") == 0xBB3D);
  const std::string body = "/ABC5\\2EXAMPLE\r\n\r\n1-3:0.2.8(50)\r\n1-0:1.8.1(000123.456*kWh)\r\n!";
  CHECK(body.size() == 61);
  CHECK(crc16_arc(body) == 0x79B1);
  CHECK(crc16_arc_update(crc16_arc(body.substr(0, 20)), body.substr(20)) == 0x79B1);
  CHECK(finish_telegram(body) == body + "79B1\r\n");
}

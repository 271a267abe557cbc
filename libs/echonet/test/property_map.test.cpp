#include "meterhub/echonet/property_map.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::echonet;
using test::error_of;
using test::hex;

using epcs = std::vector<std::uint8_t>;

TEST_CASE("a map of fewer than 16 EPCs is a count and a list") {
  CHECK(decode_property_map(hex("04 80 E7 E0 D3")) == epcs{0x80, 0xD3, 0xE0, 0xE7});
  CHECK(decode_property_map(hex("00")) == epcs{});
  const std::uint8_t in[] = {0xE7, 0x80, 0xE0, 0xD3, 0xE0};
  CHECK(encode_property_map(in) == hex("04 80 D3 E0 E7"));
}

TEST_CASE("a map of 16 or more EPCs is a count and a 16-byte bitmap") {
  // byte i, bit j = EPC 0x80 + 0x10 j + i: 80 = byte 0 bit 0, E7 = byte 7 bit 6, FF = byte F bit 7
  epcs list{0x80, 0x81, 0x82, 0x88, 0x8A, 0x8D, 0x97, 0x98, 0x9D, 0x9E, 0x9F, 0xD3, 0xD7, 0xE0, 0xE1, 0xE7};
  const auto bitmap = encode_property_map(list);
  REQUIRE(bitmap.size() == 17);
  CHECK(bitmap == hex("10 41 41 01 20 00 00 00 62 03 00 01 00 00 03 02 02"));
  CHECK(decode_property_map(bitmap) == list);
}

TEST_CASE("a full bitmap names all 128 EPCs") {
  auto all = decode_property_map(hex("80 FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"));
  REQUIRE(all);
  REQUIRE(all->size() == 128);
  CHECK(all->front() == 0x80);
  CHECK(all->back() == 0xFF);
  CHECK(encode_property_map(*all) == hex("80 FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"));
}

TEST_CASE("malformed property maps are refused") {
  CHECK(error_of(decode_property_map({})) == echonet_errc::bad_size);
  CHECK(error_of(decode_property_map(hex("03 80 81"))) == echonet_errc::bad_size);
  CHECK(error_of(decode_property_map(hex("02 80 7F"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_property_map(hex("10 01"))) == echonet_errc::bad_size);
  CHECK(error_of(decode_property_map(hex("11 41410120000000620300010000030202"))) == echonet_errc::bad_value);
}

#include "meterhub/mercury/info.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub::mercury;
using test::error_of;
using test::hex;

TEST_CASE("08 00: serial bytes print as two digits each, the date is binary") {
  auto s = decode_serial(hex("29 5a 40 43 16 06 14")); // LP sample
  REQUIRE(s);
  CHECK(s->serial_text() == "41906467");
  CHECK(s->made == meter_date{22, 6, 20});
  CHECK(encode_serial(*s) == std::array<std::uint8_t, 7>{0x29, 0x5A, 0x40, 0x43, 0x16, 0x06, 0x14});
  auto leading_zero = decode_serial(hex("00 05 09 63 01 01 00"));
  REQUIRE(leading_zero);
  CHECK(leading_zero->serial_text() == "00050999");
  CHECK(error_of(decode_serial(hex("64 5a 40 43 16 06 14"))) == mercury_errc::bad_value); // byte 100
  CHECK(error_of(decode_serial(hex("29 5a 40 43 1f 02 14"))) == mercury_errc::bad_value); // 31 February
  CHECK(error_of(decode_serial(hex("29 5a 40 43 16 06"))) == mercury_errc::bad_length);
}

TEST_CASE("08 01: the passport is serial, date, version and the variant bytes") {
  auto p = decode_passport(hex("20 57 2f 42 1a 06 12 09 00 00 b4 e3 c2 97 df 58 7e f5 32 3a 0c 00 00 00"));
  REQUIRE(p);
  CHECK(p->serial.serial_text() == "32874766");
  CHECK(p->serial.made == meter_date{26, 6, 18});
  CHECK(version_text(p->version) == "9.0.0");
  CHECK(p->variant.size() == 14);
  CHECK(encode_passport(*p) == hex("20 57 2f 42 1a 06 12 09 00 00 b4 e3 c2 97 df 58 7e f5 32 3a 0c 00 00 00"));
  auto short_form = decode_passport(hex("20 57 2f 42 1a 06 12 02 01 00 b4 e3 c2 97 df 58"));
  REQUIRE(short_form);
  CHECK(version_text(short_form->version) == "2.1.0");
  CHECK(short_form->variant == hex("b4 e3 c2 97 df 58"));
  CHECK(error_of(decode_passport(hex("20 57 2f 42 1a 06 12 09 00 00"))) == mercury_errc::bad_length);
}

TEST_CASE("08 02, 08 03, 08 05") {
  auto r = decode_ratios(hex("00 01 00 01")); // LP
  REQUIRE(r);
  CHECK(r->voltage == 1);
  CHECK(r->current == 1);
  auto ct = decode_ratios(hex("00 01 00 c8"));
  REQUIRE(ct);
  CHECK(ct->current == 200);
  auto long_form = decode_ratios(hex("00 01 00 01 00 00 02 8f 5c 28")); // D1 capture
  REQUIRE(long_form);
  CHECK(long_form->extra == hex("00 00 02 8f 5c 28"));
  CHECK(encode_ratios(*long_form) == hex("00 01 00 01 00 00 02 8f 5c 28"));
  CHECK(error_of(decode_ratios(hex("00 00 00 01"))) == mercury_errc::bad_value);
  CHECK(error_of(decode_ratios(hex("00 01 00"))) == mercury_errc::bad_length);
  CHECK(decode_version(hex("09 00 00")) == std::array<std::uint8_t, 3>{9, 0, 0});
  CHECK(error_of(decode_version(hex("09 00"))) == mercury_errc::bad_length);
  CHECK(decode_network_address(hex("00 80")) == std::uint8_t{0x80});
  CHECK(error_of(decode_network_address(hex("80"))) == mercury_errc::bad_length);
  CHECK(encode_network_address(0x2A) == std::array<std::uint8_t, 2>{0x00, 0x2A});
}

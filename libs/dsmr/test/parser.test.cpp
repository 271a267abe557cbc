#include "meterhub/dsmr/telegram.hpp"

#include <catch2/catch.hpp>

#include "data.hpp"
#include "meterhub/dsmr/framer.hpp"
#include "meterhub/core/error.hpp"

using namespace meterhub;
using namespace meterhub::dsmr;

namespace {

std::string finish_like(std::string_view body) {
  return finish_telegram(body);
}

telegram parse_file(const std::string& name, std::string& keep) {
  keep = telegram_file(name);
  auto t = parse_telegram(keep);
  REQUIRE(t);
  return *t;
}

} // namespace

TEST_CASE("every dialect is recognised from the content") {
  std::string keep;
  struct expectation {
    const char* file;
    dialect kind;
    crc_status crc;
    int version;
  };
  for (auto e : {expectation{"dsmr5-three-phase-gas.txt", dialect::dsmr5, crc_status::valid, 50},
                 expectation{"dsmr42-failure-log.txt", dialect::dsmr4, crc_status::valid, 42},
                 expectation{"dsmr22-gas-no-crc.txt", dialect::dsmr2, crc_status::absent, 0},
                 expectation{"emucs-be-fluvius.txt", dialect::emucs, crc_status::valid, 0},
                 expectation{"han-se-t211.txt", dialect::han, crc_status::valid, 0},
                 expectation{"smarty-lu-plain.txt", dialect::smarty, crc_status::valid, 42},
                 expectation{"eon-hu.txt", dialect::eon_hu, crc_status::valid, 0}}) {
    INFO(e.file);
    auto t = parse_file(e.file, keep);
    CHECK(t.kind == e.kind);
    CHECK(t.crc == e.crc);
    CHECK(t.version == e.version);
    CHECK(t.warnings == 0);
    CHECK(crc_acceptable(t));
  }
}

TEST_CASE("the header gives maker and ident, a backslash or 0x02 in the ident is opaque text") {
  std::string keep;
  auto t = parse_file("dsmr42-failure-log.txt", keep);
  CHECK(t.maker == "ISk");
  CHECK(t.ident == "\\2MT382-1000");
  auto odd = finish_like("/ISk5\x02MT382\r\n\r\n1-3:0.2.8(42)\r\n!");
  auto parsed = parse_telegram(odd);
  REQUIRE(parsed);
  CHECK(parsed->crc == crc_status::valid);
}

TEST_CASE("CRC digit variants: three digits, lower case, non-hex, absent where required") {
  std::string keep;
  auto three = parse_file("crc-three-lowercase.txt", keep);
  CHECK(three.crc == crc_status::valid);
  CHECK(three.crc_received < 0x1000);

  auto good = telegram_file("han-se-t211.txt");
  auto flipped = good;
  flipped[flipped.find("240.3")] = '9';
  auto bad = parse_telegram(flipped);
  REQUIRE(bad);
  CHECK(bad->crc == crc_status::invalid);
  CHECK(bad->crc_expected != bad->crc_received);
  CHECK_FALSE(crc_acceptable(*bad));

  auto nonhex = good.substr(0, good.rfind('!') + 1) + "G000\r\n";
  CHECK(parse_telegram(nonhex)->crc == crc_status::invalid);

  auto stripped = good.substr(0, good.rfind('!') + 1) + "\r\n"; // a CRC dialect without its CRC
  auto absent = parse_telegram(stripped);
  REQUIRE(absent);
  CHECK(absent->crc == crc_status::absent);
  CHECK_FALSE(crc_acceptable(*absent));
}

TEST_CASE("lenient about typos, strict about what is not a telegram") {
  auto text = finish_like("/XMX5 typo\r\n\r\n1-3:0.2.8(50)\r\n1-0:99:97.0(0)\r\n(0:96.7.19)\r\n1-0:1.8.1(000001.000*kWh)\r\n"
                          "1-0:2.8.1(000001.000*kWh\r\n!");
  auto t = parse_telegram(text);
  REQUIRE(t);
  CHECK(t->warnings == 3);
  CHECK(t->objects.size() == 2); // version and 1.8.1
  auto none = parse_telegram("1-0:1.8.1(1)\r\n!\r\n");
  REQUIRE_FALSE(none);
  CHECK(describe(none.error()).find("dsmr: no_header") == 0);
}

TEST_CASE("no blank line after the header, and several blank lines, both parse") {
  auto tight = parse_telegram(finish_like("/Lux5 x\r\n1-3:0.2.8(42)\r\n1-0:1.8.0(1*kWh)\r\n!"));
  auto loose = parse_telegram(finish_like("/Lux5 x\r\n\r\n\r\n1-3:0.2.8(42)\r\n1-0:1.8.0(1*kWh)\r\n!"));
  REQUIRE(tight);
  REQUIRE(loose);
  CHECK(tight->objects.size() == 2);
  CHECK(loose->objects.size() == 2);
}

#include "meterhub/neva/address.hpp"

#include <catch2/catch.hpp>

#include "meterhub/neva/error.hpp"

using namespace meterhub;
using namespace meterhub::neva;

namespace {

register_address parsed(const char* text) {
  auto reg = parse_address(text);
  REQUIRE(reg);
  return *reg;
}

} // namespace

TEST_CASE("every notation of an address parses to the same groups") {
  const auto current_l1 = register_address::of(0x1F, 0x07, 0x00, 0xFF);
  CHECK(parsed("1F.07.00*FF") == current_l1);
  CHECK(parsed("1f.07.00*ff") == current_l1);
  CHECK(parsed("1F0700FF") == current_l1);
  CHECK(parsed("1f0700ff") == current_l1);
  CHECK(parsed("1F.07.00") == current_l1);
  CHECK(parsed("63.01.00*05") == register_address::of(0x63, 0x01, 0x00, 0x05));
  CHECK(parsed("0F.08.80*FF") == register_address::of(0x0F, 0x08, 0x80));
  CHECK(parsed("0A.24.64*FF").d == 0x24);
}

TEST_CASE("an address goes on the wire as 8 upper-case hex digits") {
  CHECK(to_wire(parsed("1f.07.00*ff")) == "1F0700FF");
  CHECK(to_wire(parsed("0F.08.80")) == "0F0880FF");
  CHECK(to_wire(register_address::of(0x20, 0x07, 0x00)) == "200700FF");
  CHECK(to_wire(parsed("63.01.00*05")) == "63010005");
  CHECK(to_string(parsed("1f0700ff")) == "1F.07.00*FF");
  CHECK(to_string(parsed("0f.80.80*7f")) == "0F.80.80*7F");
}

TEST_CASE("the spec's examples map to standard OBIS") {
  CHECK(to_obis_text(parsed("1F.07.00*FF")) == "1-0:31.7.0");
  CHECK(to_obis_text(parsed("20.07.00*FF")) == "1-0:32.7.0");
  CHECK(to_obis_text(parsed("0E.07.01*FF")) == "1-0:14.7.1");
  CHECK(to_obis_text(parsed("60.09.00*FF")) == "0-0:96.9.0");
  CHECK(to_obis_text(parsed("63.01.00*05")) == "1-0:99.1.0*5");
  CHECK(to_obis_text(parsed("0F.08.80*FF")) == "1-0:15.8.128");
  CHECK(to_obis(parsed("63.01.00*05")) == obis_code::of(1, 0, 99, 1, 0, 5));
  CHECK(to_obis(parsed("0F.08.80*FF")) == obis_code::of(1, 0, 15, 8, 128));
}

TEST_CASE("C = 0 and C = 0x60 are abstract, everything else electrical") {
  CHECK_FALSE(is_electrical(parsed("00.09.02*FF")));
  CHECK(to_obis_text(parsed("00.09.02*FF")) == "0-0:0.9.2");
  CHECK_FALSE(is_electrical(parsed("60.01.00*FF")));
  CHECK(to_obis_text(parsed("60.01.00*FF")) == "0-0:96.1.0");
  CHECK(to_obis_text(parsed("60.05.00*FF")) == "0-0:96.5.0");
  CHECK(is_electrical(parsed("0C.07.00*FF")));
  CHECK(to_obis_text(parsed("21.07.FF*FF")) == "1-0:33.7.255");
  CHECK(to_obis_text(parsed("51.07.0A*FF")) == "1-0:81.7.10");
}

TEST_CASE("malformed addresses are refused") {
  for (const char* bad : {"", "1F", "1F0700", "1F0700FF0", "1G0700FF", "1F.07.00*", "1F.07.00*F", "1F:07:00*FF",
                          "1F.07.00-FF", "1F.0700*FF", " 1F0700FF", "1F.07.0G*FF", "1F.07.00*FG", "1F.7.00*FF",
                          "1F.07.00.FF", "1F0700.F", "1-0:31.7.0"}) {
    INFO(bad);
    auto reg = parse_address(bad);
    REQUIRE_FALSE(reg);
    CHECK(reg.error() == neva_errc::bad_address);
  }
  CHECK(describe(parse_address("1G0700FF").error()).find("neva: bad_address: ") == 0);
}

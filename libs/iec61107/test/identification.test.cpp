#include <catch2/catch.hpp>

#include "meterhub/iec61107/error.hpp"
#include "meterhub/iec61107/identification.hpp"

using namespace meterhub::iec61107;

TEST_CASE("a NEVA identification splits into maker, baud character and ident", "[ident]") {
  auto id = parse_identification("/TPC5NEVAMT324.2303\r\n");
  REQUIRE(id);
  CHECK(id->maker == "TPC");
  CHECK(id->baud_char == '5');
  CHECK_FALSE(id->enhanced);
  CHECK(id->ident == "NEVAMT324.2303");
  CHECK(parse_identification("/TPC3NEVAMT123.2301")->baud_char == '3');
}

TEST_CASE("the enhanced-identification prefix and a lower-case third maker letter are taken", "[ident]") {
  auto id = parse_identification("/ISk5\\2MT382-1000\r\n");
  REQUIRE(id);
  CHECK(id->maker == "ISk");
  CHECK(id->enhanced == '2');
  CHECK(id->ident == "MT382-1000");
  CHECK(parse_identification("/LGZ4 ZMD 310\r\n")->ident == " ZMD 310");
}

TEST_CASE("malformed identifications name what is wrong", "[ident]") {
  struct bad_case {
    const char* line;
    const char* reason;
  };
  for (auto [line, reason] : {bad_case{"TPC5NEVA\r\n", "no '/'"}, bad_case{"/T1C5NEVA\r\n", "three letters"},
                              bad_case{"/TPCXNEVA\r\n", "not a digit"}, bad_case{"/TPC5\r\n", "too short"},
                              bad_case{"/TPC5ABCDEFGHIJKLMNOPQ\r\n", "longer than 16"},
                              bad_case{"/TPC5NE!VA\r\n", "may not"}, bad_case{"/TPC5NE\x01VA\r\n", "may not"}}) {
    auto id = parse_identification(line);
    REQUIRE_FALSE(id);
    CHECK(id.error() == iec61107_errc::malformed_message);
    CHECK_THAT(meterhub::describe(id.error()), Catch::Contains(reason));
  }
}

#include "meterhub/neva/ident.hpp"

#include <catch2/catch.hpp>

#include "meterhub/neva/error.hpp"

using namespace meterhub;
using namespace meterhub::neva;

TEST_CASE("the spec's identification: model 324.23, firmware 03") {
  auto id = parse_neva_ident("NEVAMT324.2303");
  REQUIRE(id);
  CHECK(id->model == "324.23");
  CHECK(id->firmware == "03");
  CHECK(family_of(*id) == model_family::three_phase);
  CHECK(is_taipit_maker("TPC"));
  CHECK(is_taipit_maker("TPc"));
  CHECK(taipit_maker == "TPC");
}

TEST_CASE("single-phase models and idents without firmware") {
  auto mt1 = parse_neva_ident("NEVAMT123.10");
  REQUIRE(mt1);
  CHECK(mt1->model == "123.10");
  CHECK(mt1->firmware.empty());
  CHECK(family_of(*mt1) == model_family::single_phase);
  auto other = parse_neva_ident("NEVAMT999.0101");
  REQUIRE(other);
  CHECK_FALSE(family_of(*other));
}

TEST_CASE("other identifications are not NEVA") {
  CHECK_FALSE(is_taipit_maker("ELS"));
  CHECK_FALSE(is_taipit_maker("tpc"));
  CHECK_FALSE(is_taipit_maker("TPCX"));
  for (const char* bad : {"", "NEVAMT", "NEVAMT324.2", "NEVA MT324.2303", "nevamt324.2303", "ISKRAMT174",
                          "NEVAMT324.23\x01"}) {
    INFO(bad);
    auto id = parse_neva_ident(bad);
    REQUIRE_FALSE(id);
    CHECK(id.error() == neva_errc::not_neva);
  }
}

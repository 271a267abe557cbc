#include "meterhub/profiles/numbering.hpp"

#include <catch2/catch.hpp>

#include "meterhub/profiles/vocabulary.hpp"

using namespace meterhub;
using namespace meterhub::profiles;
using modbus::table;

TEST_CASE("addresses are decimal or 0x hex from 0 to 65535") {
  CHECK(parse_address("0") == 0);
  CHECK(parse_address("72") == 72);
  CHECK(parse_address("0x0048") == 72);
  CHECK(parse_address("0XFC00") == 0xFC00);
  CHECK(parse_address("65535") == 65535);
  CHECK_FALSE(parse_address("65536"));
  CHECK_FALSE(parse_address("0x10000"));
  CHECK_FALSE(parse_address("-1"));
  CHECK_FALSE(parse_address("0x"));
  CHECK_FALSE(parse_address("12a"));
  CHECK_FALSE(parse_address(""));
  CHECK_FALSE(parse_address(" 1"));
}

TEST_CASE("vendor register numbers carry the table digit and count from 1") {
  using pair = std::pair<table, std::uint16_t>;
  CHECK(parse_vendor_register("30001") == pair{table::input, 0});
  CHECK(parse_vendor_register("30073") == pair{table::input, 72});
  CHECK(parse_vendor_register("40001") == pair{table::holding, 0});
  CHECK(parse_vendor_register("49999") == pair{table::holding, 9998});
  CHECK(parse_vendor_register("464513") == pair{table::holding, 64512});
  CHECK(parse_vendor_register("365536") == pair{table::input, 65535});
  CHECK(parse_vendor_register("00001") == pair{table::coil, 0});
  CHECK(parse_vendor_register("10017") == pair{table::discrete_input, 16});
  CHECK_FALSE(parse_vendor_register("30000"));  // register numbers start at 1
  CHECK_FALSE(parse_vendor_register("365537")); // past 65536
  CHECK_FALSE(parse_vendor_register("20001"));  // no table 2
  CHECK_FALSE(parse_vendor_register("3001"));   // four digits: ambiguous
  CHECK_FALSE(parse_vendor_register("3000001"));
  CHECK_FALSE(parse_vendor_register("3x001"));
}

TEST_CASE("address ranges are FIRST-LAST with first not after last") {
  using pair = std::pair<std::uint16_t, std::uint16_t>;
  CHECK(parse_address_range("0x0060-0x0063") == pair{0x60, 0x63});
  CHECK(parse_address_range("96 - 99") == pair{96, 99});
  CHECK(parse_address_range("5-5") == pair{5, 5});
  CHECK_FALSE(parse_address_range("99-96"));
  CHECK_FALSE(parse_address_range("96"));
  CHECK_FALSE(parse_address_range("96-x"));
}

TEST_CASE("quantities are canonical OBIS codes or x: names") {
  CHECK(canonical_quantity("1-0:32.7.0") == "1-0:32.7.0");
  CHECK(canonical_quantity("1-0:32.7.0*255") == "1-0:32.7.0");
  CHECK(canonical_quantity("x:di.3") == "x:di.3");
  CHECK(canonical_quantity("x:machine_state") == "x:machine_state");
  CHECK_FALSE(canonical_quantity("x:"));
  CHECK_FALSE(canonical_quantity("x:Di"));
  CHECK_FALSE(canonical_quantity("x:di-3"));
  CHECK_FALSE(canonical_quantity("1-0:32.7"));
  CHECK_FALSE(canonical_quantity("voltage"));
}

TEST_CASE("electricity OBIS codes fix their SI unit") {
  auto unit_of = [](const char* text) { return expected_unit(*obis_code::parse(text)); };
  CHECK(unit_of("1-0:1.8.0") == unit::wh);
  CHECK(unit_of("1-0:2.8.3") == unit::wh);
  CHECK(unit_of("1-0:15.8.0") == unit::wh);
  CHECK(unit_of("1-0:3.8.0") == unit::varh);
  CHECK(unit_of("1-0:9.8.0") == unit::vah);
  CHECK(unit_of("1-0:1.7.0") == unit::w);
  CHECK(unit_of("1-0:62.7.0") == unit::w);
  CHECK(unit_of("1-0:44.7.0") == unit::var);
  CHECK(unit_of("1-0:69.7.0") == unit::va);
  CHECK(unit_of("1-0:32.7.0") == unit::v);
  CHECK(unit_of("1-0:91.7.0") == unit::a);
  CHECK(unit_of("1-0:73.7.0") == unit::none);
  CHECK(unit_of("1-0:14.7.0") == unit::hz);
  CHECK(unit_of("1-0:81.7.4") == unit::degree);
  CHECK_FALSE(unit_of("1-0:32.8.0"));  // no rule for a voltage with another D
  CHECK_FALSE(unit_of("0-1:24.2.1"));  // gas: not electricity
  CHECK_FALSE(unit_of("1-0:96.1.0"));  // an identifier
}

TEST_CASE("profile units are the core symbols plus degree") {
  CHECK(profile_unit("Wh") == unit::wh);
  CHECK(profile_unit("°") == unit::degree);
  CHECK(profile_unit("degree") == unit::degree);
  CHECK(profile_unit("°C") == unit::celsius);
  CHECK(profile_unit("s") == unit::second);
  CHECK(profile_unit("") == unit::none);
  CHECK_FALSE(profile_unit("kWh"));
  CHECK_FALSE(profile_unit("wh"));
}

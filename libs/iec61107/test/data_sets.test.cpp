#include <catch2/catch.hpp>

#include "meterhub/iec61107/data_sets.hpp"
#include "meterhub/iec61107/error.hpp"

using namespace meterhub::iec61107;

TEST_CASE("a read reply gives its address and value list as sent", "[data_sets]") {
  auto r = parse_reply("0F0880FF(001234.56,000800.00,000434.56,000000.00,000000.00)");
  REQUIRE(r);
  CHECK(r->address == "0F0880FF");
  CHECK(r->value == "001234.56,000800.00,000434.56,000000.00,000000.00");
  CHECK(r->unit.empty());
  CHECK(parse_reply("100700FF(00015.4)")->value == "00015.4");
  CHECK(parse_reply("1.8.0(001234.5*kWh)")->unit == "kWh");
}

TEST_CASE("a reply without an address is the meter's error reply", "[data_sets]") {
  auto r = parse_reply("(01)");
  REQUIRE_FALSE(r);
  CHECK(r.error() == iec61107_errc::register_error);
  CHECK_THAT(meterhub::describe(r.error()), Catch::Contains("(01)"));
}

TEST_CASE("a reply that is no data set is malformed", "[data_sets]") {
  for (const char* data : {"", "100700FF", "100700FF(1", "100700FF(1)x", "()(", "A(1)B(2)"})
    CHECK(parse_reply(data).error() == iec61107_errc::malformed_message);
}

TEST_CASE("a readout data block gives one data set per line up to '!'", "[data_sets]") {
  auto sets = parse_data_block("0.0.0(12345678)\r\n1.8.0(001234.5*kWh)\r\n1.6.0(01.234*kW)(24-06-03 10:15)\r\n"
                               "(000001.0*kWh)\r\n!\r\nignored(1)\r\n");
  REQUIRE(sets);
  REQUIRE(sets->size() == 4);
  CHECK((*sets)[0] == data_set_value{"0.0.0", "12345678", "", {}});
  CHECK((*sets)[1] == data_set_value{"1.8.0", "001234.5", "kWh", {}});
  CHECK((*sets)[2] == data_set_value{"1.6.0", "01.234", "kW", {"24-06-03 10:15"}});
  CHECK((*sets)[3].address.empty());
  CHECK(parse_data_block("1.8.0(1)\r\nbroken line\r\n!\r\n").error() == iec61107_errc::malformed_message);
}

#include <catch2/catch.hpp>

#include "overrides.hpp"
#include "register_address.hpp"
#include "register_table.hpp"
#include "sim_error.hpp"
#include "value_format.hpp"

using namespace meterhub;
using namespace meterhub::iec61107sim;

TEST_CASE("hex OBIS addresses: the spec's notation and the wire's, any case") {
  CHECK(*parse_register_address("1F.07.00*FF") == 0x1F0700FF);
  CHECK(*parse_register_address("1f0700ff") == 0x1F0700FF);
  CHECK(*parse_register_address("63.01.00*05") == 0x63010005);
  CHECK(wire_address(0x0F0880FF) == "0F0880FF");
  CHECK(dotted_address(0x0F0880FF) == "0F.08.80*FF");
  for (const auto* bad : {"", "1F.07.00", "1F.07.00*F", "1F0700F", "1F0700FFF", "1G0700FF", "1F.0700*FF",
                          "1F.07.00FF", "1F0700*FF"})
    CHECK_FALSE(parse_register_address(bad));
}

TEST_CASE("register ranges on the F group") {
  const auto r = parse_register_range("0F.80.80*[00..7F]");
  REQUIRE(r);
  CHECK(r->first == 0x0F808000);
  CHECK(r->last == 0x0F80807F);
  CHECK(parse_register_range("0f8080[02..02]")->last == 0x0F808002);
  CHECK(parse_register_range("20.07.00*FF")->first == parse_register_range("20.07.00*FF")->last);
  for (const auto* bad : {"0F.80.80*[7F..00]", "0F.80.80*[00..7F", "0F.80.80*[00.7F]", "0F.80.80*[00..7F]x"})
    CHECK_FALSE(parse_register_range(bad));
}

TEST_CASE("overrides from the command line and from a values file") {
  auto one = parse_override("00000002@0F.80.80*[00..03]:000001.00,000001.00,000000.00,000000.00,000000.00");
  REQUIRE(one);
  CHECK(one->meter == "00000002");
  CHECK(one->range.last == 0x0F808003);
  CHECK(one->value == "000001.00,000001.00,000000.00,000000.00,000000.00");
  CHECK(parse_override("60.01.0A*FF:")->value.empty());
  CHECK_FALSE(parse_override("60.01.0A*FF"));
  CHECK_FALSE(parse_override("60.01.0A*FF:a(b)"));
  auto file = parse_values("# comment\n\n  20.07.00*FF 230.1\n60.01.0A*FF Flat 12  \n");
  REQUIRE(file);
  REQUIRE(file->size() == 2);
  CHECK((*file)[1].value == "Flat 12");
  auto bad = parse_values("20.07.00*FF 1\nnonsense 2\n");
  REQUIRE_FALSE(bad);
  CHECK_THAT(describe(bad.error()), Catch::Contains("line 2"));
}

TEST_CASE("meter addresses compare as numbers") {
  CHECK(same_meter_address("00000201", "201"));
  CHECK_FALSE(same_meter_address("00000201", "00000202"));
  CHECK(same_meter_address("ABC", "ABC"));
  CHECK_FALSE(same_meter_address("", "00000001"));
}

TEST_CASE("the register table: families, access, and nothing for other models' registers") {
  CHECK(find_register(0x63010000)->kind == register_kind::computed);
  CHECK(find_register(0x6301007F));
  CHECK_FALSE(find_register(0x63010080));
  CHECK_FALSE(find_register(0x630100FF));
  CHECK(find_register(0x0A2464FF)->kind == register_kind::stored);
  CHECK_FALSE(find_register(0x0A2564FF));
  CHECK_FALSE(find_register(0x0A0064FF));
  CHECK(find_register(0x0F0880FF) != find_register(0x0F08800B));
  CHECK_FALSE(find_register(0x0F08800C));
  CHECK(find_register(0x000901FF)->kind == register_kind::clock);
  CHECK_FALSE(find_register(password_register)->readable);
  for (const register_address r : {0x030880FFu, 0x0D07FFFFu, 0x0C0700FFu, 0x030701FFu})
    CHECK_FALSE(find_register(r));
}

TEST_CASE("value formats of the MT324") {
  CHECK(format_energy(29'623'479) == "029623.47");
  CHECK(format_energy(0) == "000000.00");
  CHECK(format_max_power_list({3980, 3980, 20, 0, 99980}) == "03.9800,03.9800,00.0200,00.0000,99.9800");
  CHECK(format_power(39770) == "03977.0");
  CHECK(format_voltage(23012) == "230.12");
  CHECK(format_current(9153) == "9.153");
  CHECK(format_current(42) == "0.042");
  CHECK(format_power_factor(953) == "10.953");
  CHECK(format_power_factor(1000) == "21.000");
  CHECK(format_frequency(4998) == "000049.98");
  CHECK(format_temperature(29) == "029");
  CHECK(format_temperature(-5) == "105");
  CHECK(format_angle(1203) == "120.3");
  const int profile[] = {3977, 240, 0};
  CHECK(format_profile(profile) == "03977,00240,00000");
}

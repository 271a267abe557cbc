#include "meterhub/neva/values.hpp"

#include <catch2/catch.hpp>

#include "error_of.hpp"
#include "meterhub/neva/error.hpp"

using namespace meterhub;
using namespace meterhub::neva;

using test::error_of;

TEST_CASE("lists split into exactly the register's count") {
  auto five = split_list("001234.56,000800.00,000434.56,000000.00,000000.00", 5);
  REQUIRE(five);
  CHECK(*five == std::vector<std::string_view>{"001234.56", "000800.00", "000434.56", "000000.00", "000000.00"});
  auto one = split_list("00015.4", 1);
  REQUIRE(one);
  CHECK(one->front() == "00015.4");
  CHECK(error_of(split_list("1,2,3,4", 5)) == neva_errc::wrong_count);
  CHECK(error_of(split_list("1,2,3,4,5,6", 5)) == neva_errc::wrong_count);
  CHECK(error_of(split_list("", 5)) == neva_errc::wrong_count);
  CHECK(describe(split_list("1,2", 5).error()) == "neva: wrong_count: expected 5 values, got 2 in '1,2'");
  auto empties = split_list(",,", 3); // empty fields are the value decoders' to refuse
  REQUIRE(empties);
  CHECK((*empties)[1].empty());
}

TEST_CASE("energy in kWh with two decimals becomes exact Wh") {
  CHECK(decode_energy("001234.56") == 1'234'560);
  CHECK(decode_energy("000000.00") == 0);
  CHECK(decode_energy("999999.99") == 999'999'990);
  CHECK(decode_energy("000000.01") == 10);
  CHECK(decode_energy("12345.678") == 12'345'678); // three decimals still whole Wh
  CHECK(decode_energy("42") == 42'000);
  // long(float(v)*1000) gives 8189 for this one: the Wh that spec §6 says vika-sonne loses
  CHECK(decode_energy("000008.19") == 8'190);
  CHECK(error_of(decode_energy("000001.2345")) == neva_errc::bad_format);
  CHECK(error_of(decode_energy("-00001.00")) == neva_errc::bad_format);
  CHECK(error_of(decode_energy("00x234.56")) == neva_errc::bad_format);
  CHECK(error_of(decode_energy("")) == neva_errc::bad_format);
  CHECK(error_of(decode_energy("1234.")) == neva_errc::bad_format);
  CHECK(error_of(decode_energy(".56")) == neva_errc::bad_format);
  CHECK(error_of(decode_energy("+1234.56")) == neva_errc::bad_format);
  CHECK(error_of(decode_energy("1 234.56")) == neva_errc::bad_format);
  CHECK(error_of(decode_energy("12345678901.23")) == neva_errc::out_of_range);
  CHECK(error_of(decode_energy("9999999999999999999999.99")) == neva_errc::out_of_range);
}

TEST_CASE("a five-value energy list is total and T1..T4") {
  auto list = decode_energy_list("001234.56,000800.00,000434.56,000000.00,000000.00");
  REQUIRE(list);
  CHECK(*list == std::array<std::int64_t, 5>{1'234'560, 800'000, 434'560, 0, 0});
  CHECK(error_of(decode_energy_list("001234.56,000800.00,000434.56,000000.00")) == neva_errc::wrong_count);
  CHECK(error_of(decode_energy_list("001234.56,000800.00,000434.56,000000.00,000000.00,000000.00")) ==
        neva_errc::wrong_count);
  CHECK(error_of(decode_energy_list("001234.56,000800.00,,000000.00,000000.00")) == neva_errc::bad_format);
  CHECK(error_of(decode_energy_list("001234.56;000800.00;000434.56;000000.00;000000.00")) == neva_errc::wrong_count);
}

TEST_CASE("plain numbers stay exact decimals") {
  CHECK(decode_number("00015.4") == decimal{154, -1});
  CHECK(decode_number("00005.3") == decimal{53, -1});
  CHECK(decode_number("230.12") == decimal{23012, -2});
  CHECK(decode_number("000050.00") == decimal{5000, -2});
  CHECK(decode_number("120") == decimal{120, 0});
  CHECK(decode_number("-120.5", true) == decimal{-1205, -1});
  CHECK(error_of(decode_number("-120.5")) == neva_errc::bad_format);
  CHECK(error_of(decode_number("1.2.3")) == neva_errc::bad_format);
  CHECK(error_of(decode_number("1e3")) == neva_errc::bad_format);
  CHECK(error_of(decode_number("-", true)) == neva_errc::bad_format);
  CHECK(error_of(decode_number("(00015.4)")) == neva_errc::bad_format);
  CHECK(decode_number("123456789012") == decimal{123'456'789'012, 0});
  CHECK(error_of(decode_number("1234567890123")) == neva_errc::out_of_range);
  CHECK(error_of(decode_number("0000000000000000000001")) == neva_errc::out_of_range);
}

TEST_CASE("kW fields become exact W") {
  CHECK(decode_kilowatts("01.2345") == decimal{12345, -1}); // MT3xx XX.XXXX: 1234.5 W
  CHECK(decode_kilowatts("001.234") == decimal{1234, 0});   // MT1 XXX.XXX: 1234 W
  CHECK(decode_kilowatts("01.2345")->to_double() == 1234.5);
  auto demand = decode_demand_list("05.1234,05.1234,03.0000,00.0000,00.0000");
  REQUIRE(demand);
  CHECK((*demand)[0] == decimal{51234, -1});
  CHECK((*demand)[2].to_double() == 3000.0);
  CHECK(error_of(decode_demand_list("05.1234,05.1234,03.0000,00.0000")) == neva_errc::wrong_count);
}

TEST_CASE("power factor: digit prefix 0 capacitive, 1 inductive, 2 unity") {
  using lc = load_character;
  CHECK(decode_power_factor("00.717") == power_factor{{717, -3}, lc::capacitive}); // wb-mqtt-serial capture
  CHECK(decode_power_factor("10.987") == power_factor{{987, -3}, lc::inductive});
  CHECK(decode_power_factor("20.000") == power_factor{{1000, -3}, lc::unity});
  CHECK(decode_power_factor("21.000") == power_factor{{1000, -3}, lc::unity});
  CHECK(decode_power_factor("11.000") == power_factor{{1000, -3}, lc::inductive});
  // MT1 total NX.XX
  CHECK(decode_power_factor("10.98") == power_factor{{98, -2}, lc::inductive});
  CHECK(decode_power_factor("00.50") == power_factor{{50, -2}, lc::capacitive});
  CHECK(decode_power_factor("20.00") == power_factor{{100, -2}, lc::unity});
  CHECK(decode_power_factor("20.00")->magnitude.to_double() == 1.0);
}

TEST_CASE("power factor: letter prefix C or L") {
  using lc = load_character;
  CHECK(decode_power_factor("C0.987") == power_factor{{987, -3}, lc::capacitive});
  CHECK(decode_power_factor("L0.850") == power_factor{{850, -3}, lc::inductive});
  CHECK(decode_power_factor("L0.85") == power_factor{{85, -2}, lc::inductive});
  CHECK(to_string(lc::inductive) == "L");
  CHECK(to_string(lc::capacitive) == "C");
  CHECK(to_string(lc::unity).empty());
}

TEST_CASE("power factor: other forms are refused") {
  for (const char* bad : {"", "1", "0.987", "30.987", "10.9", "10.9876", "1 0.987", "l0.987", "10,987", "1A.987",
                          "100.98", "-10.987", "10.98x"}) {
    INFO(bad);
    CHECK(error_of(decode_power_factor(bad)) == neva_errc::bad_format);
  }
  CHECK(error_of(decode_power_factor("11.001")) == neva_errc::out_of_range);
  CHECK(error_of(decode_power_factor("19.999")) == neva_errc::out_of_range);
  CHECK(error_of(decode_power_factor("L1.50")) == neva_errc::out_of_range);
}

TEST_CASE("temperature: first digit is the sign") {
  CHECK(decode_temperature("029") == 29);
  CHECK(decode_temperature("105") == -5);
  CHECK(decode_temperature("000") == 0);
  CHECK(decode_temperature("199") == -99);
  CHECK(decode_temperature("0029") == 29); // MT1: four digits
  CHECK(decode_temperature("1005") == -5);
  CHECK(decode_temperature("0125") == 125);
  CHECK(error_of(decode_temperature("229")) == neva_errc::out_of_range);
  CHECK(error_of(decode_temperature("2029")) == neva_errc::out_of_range);
  CHECK(error_of(decode_temperature("29")) == neva_errc::bad_format);
  CHECK(error_of(decode_temperature("00029")) == neva_errc::bad_format);
  CHECK(error_of(decode_temperature("-05")) == neva_errc::bad_format);
  CHECK(error_of(decode_temperature("02.9")) == neva_errc::bad_format);
  CHECK(error_of(decode_temperature("")) == neva_errc::bad_format);
}

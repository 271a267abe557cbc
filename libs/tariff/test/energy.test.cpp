#include "meterhub/tariff/energy.hpp"

#include <numeric>
#include <vector>

#include <catch2/catch.hpp>

#include "error_code.hpp"

using namespace meterhub::tariff;
using meterhub::decimal;
using meterhub::tariff::test::error_of;

namespace {

decimal text(const char* value) {
  auto d = meterhub::parse_decimal(value);
  REQUIRE(d);
  return *d;
}

std::int64_t mwh(const char* value, power_unit unit, unsigned minutes) {
  auto e = interval_energy_mwh(text(value), unit, minutes);
  REQUIRE(e);
  return *e;
}

} // namespace

TEST_CASE("W integers (MT324): 30 minutes of P watts are P × 500 mWh, 60 minutes P × 1000") {
  CHECK(mwh("03977", power_unit::watt, 30) == 1'988'500);
  CHECK(mwh("03977", power_unit::watt, 60) == 3'977'000);
  CHECK(mwh("00001", power_unit::watt, 30) == 500);
  CHECK(mwh("00000", power_unit::watt, 30) == 0);
  CHECK(mwh("15.4", power_unit::watt, 30) == 7'700);
  CHECK(mwh("15.42", power_unit::watt, 30) == 7'710);
  CHECK(mwh("15.421", power_unit::watt, 60) == 15'421);
  CHECK(mwh("60", power_unit::watt, 1) == 1'000);
}

TEST_CASE("kW with decimals (the manual's XX.XX): exact down to the mWh") {
  CHECK(mwh("01.23", power_unit::kilowatt, 30) == 615'000);
  CHECK(mwh("01.23", power_unit::kilowatt, 60) == 1'230'000);
  CHECK(mwh("1.2345", power_unit::kilowatt, 30) == 617'250);
  CHECK(mwh("1.2345", power_unit::kilowatt, 60) == 1'234'500);
  CHECK(mwh("0.00001", power_unit::kilowatt, 30) == 5);
  CHECK(mwh("0.000002", power_unit::kilowatt, 30) == 1);
  CHECK(mwh("0.000001", power_unit::kilowatt, 60) == 1);
  CHECK(mwh("12", power_unit::kilowatt, 30) == 6'000'000);
}

TEST_CASE("trailing zeros of a fraction do not overflow the arithmetic") {
  CHECK(mwh("15.4000000000000000", power_unit::watt, 30) == 7'700);
  CHECK(mwh("-0.00", power_unit::watt, 30) == 0);
}

TEST_CASE("values that are no whole mWh, negative or huge are rejected, never rounded") {
  CHECK(error_of(interval_energy_mwh(text("15.421"), power_unit::watt, 30)) == tariff_errc::inexact_value);
  CHECK(error_of(interval_energy_mwh(text("0.000001"), power_unit::kilowatt, 30)) == tariff_errc::inexact_value);
  CHECK(error_of(interval_energy_mwh(text("1"), power_unit::watt, 1)) == tariff_errc::inexact_value);
  CHECK(error_of(interval_energy_mwh(decimal{1, -19}, power_unit::watt, 30)) == tariff_errc::inexact_value);
  CHECK(error_of(interval_energy_mwh(text("-1"), power_unit::watt, 30)) == tariff_errc::negative_value);
  CHECK(error_of(interval_energy_mwh(decimal{1, 18}, power_unit::watt, 30)) == tariff_errc::overflow);
  CHECK(error_of(interval_energy_mwh(decimal{1, 19}, power_unit::watt, 30)) == tariff_errc::overflow);
  CHECK(error_of(interval_energy_mwh(decimal{1, 0}, power_unit::watt, 0)) == tariff_errc::bad_interval_count);
  CHECK(error_of(interval_energy_mwh(decimal{1, 0}, power_unit::watt, 1441)) == tariff_errc::bad_interval_count);
}

TEST_CASE("a whole profile: 48 values are half hours, 24 values hours") {
  std::vector<decimal> half_hours(48, decimal{1000, 0});
  half_hours[3] = decimal{250, 0};
  auto e48 = profile_energies_mwh(half_hours, power_unit::watt);
  REQUIRE(e48);
  REQUIRE(e48->size() == 48);
  CHECK((*e48)[0] == 500'000);
  CHECK((*e48)[3] == 125'000);
  CHECK(std::accumulate(e48->begin(), e48->end(), std::int64_t{0}) == 47 * 500'000 + 125'000);
  std::vector<decimal> hours(24, decimal{125, -3}); // 0.125 kW
  auto e24 = profile_energies_mwh(hours, power_unit::kilowatt);
  REQUIRE(e24);
  CHECK(e24->size() == 24);
  CHECK(e24->back() == 125'000);
}

TEST_CASE("a profile of the wrong length or with a bad value names the problem") {
  CHECK(error_of(profile_energies_mwh(std::vector<decimal>(47), power_unit::watt)) ==
        tariff_errc::bad_interval_count);
  CHECK(error_of(profile_energies_mwh({}, power_unit::watt)) == tariff_errc::bad_interval_count);
  std::vector<decimal> values(48, decimal{1, 0});
  values[5] = decimal{-1, 0};
  auto bad = profile_energies_mwh(values, power_unit::watt);
  CHECK(error_of(bad) == tariff_errc::negative_value);
  CHECK(meterhub::describe(bad.error()) == "tariff: negative_value: profile value 5");
}

TEST_CASE("the profile unit guessed from the value format") {
  CHECK(infer_profile_unit(std::vector<decimal>{text("03977"), text("00000")}) == power_unit::watt);
  CHECK(infer_profile_unit(std::vector<decimal>{text("00"), text("01.23")}) == power_unit::kilowatt);
  CHECK(infer_profile_unit({}) == power_unit::watt);
}

TEST_CASE("kWh registers as exact mWh") {
  auto r = kwh_to_mwh(text("012345.67"));
  REQUIRE(r);
  CHECK(*r == 12'345'670'000);
  CHECK(*kwh_to_mwh(text("1.000001")) == 1'000'001);
  CHECK(*kwh_to_mwh(text("1.0000000")) == 1'000'000);
  CHECK(error_of(kwh_to_mwh(text("1.0000001"))) == tariff_errc::inexact_value);
  CHECK(error_of(kwh_to_mwh(text("-0.01"))) == tariff_errc::negative_value);
  CHECK(error_of(kwh_to_mwh(decimal{10'000'000'000'000, 0})) == tariff_errc::overflow);
}

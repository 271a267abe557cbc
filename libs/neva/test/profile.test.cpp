#include "meterhub/neva/profile.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "meterhub/neva/error.hpp"

using namespace meterhub;
using namespace meterhub::neva;

namespace {

std::string repeated(const std::string& value, std::size_t count) {
  std::string out = value;
  for (std::size_t i = 1; i < count; ++i)
    out += "," + value;
  return out;
}

} // namespace

TEST_CASE("MT324: 48 plain integers are half-hourly averages in W") {
  auto profile = decode_load_profile("03977," + repeated("00120", 47));
  REQUIRE(profile);
  CHECK(profile->scale == power_scale::watt);
  CHECK(profile->values.size() == 48);
  CHECK(profile->interval_minutes() == 30);
  CHECK(profile->values[0] == decimal{3977, 0});
  CHECK(profile->watts(0) == decimal{3977, 0});
  CHECK(profile->watts(47).to_double() == 120.0);
}

TEST_CASE("the manual's format: 24 values with a decimal point are hourly averages in kW") {
  auto profile = decode_load_profile("01.25," + repeated("00.00", 23));
  REQUIRE(profile);
  CHECK(profile->scale == power_scale::kilowatt);
  CHECK(profile->interval_minutes() == 60);
  CHECK(profile->values[0] == decimal{125, -2});
  CHECK(profile->watts(0) == decimal{125, 1});
  CHECK(profile->watts(0).to_double() == 1250.0);
}

TEST_CASE("the caller can force the profile's unit") {
  auto as_kw = decode_load_profile(repeated("00003", 48), power_scale::kilowatt);
  REQUIRE(as_kw);
  CHECK(as_kw->scale == power_scale::kilowatt);
  CHECK(as_kw->watts(5).to_double() == 3000.0);
  auto as_w = decode_load_profile(repeated("01.5", 24), power_scale::watt);
  REQUIRE(as_w);
  CHECK(as_w->watts(0) == decimal{15, -1});
  auto mixed = decode_load_profile("1.5," + repeated("2", 23), power_scale::watt);
  REQUIRE(mixed);
  CHECK(mixed->values[1] == decimal{2, 0});
}

TEST_CASE("profiles with another count, mixed units or garbage are refused") {
  for (std::size_t count : {0u, 1u, 23u, 25u, 47u, 49u, 96u}) {
    INFO(count);
    auto profile = decode_load_profile(count == 0 ? std::string{} : repeated("00120", count));
    REQUIRE_FALSE(profile);
    CHECK(profile.error() == neva_errc::wrong_count);
  }
  auto mixed = decode_load_profile("01.25," + repeated("00120", 23));
  REQUIRE_FALSE(mixed);
  CHECK(mixed.error() == neva_errc::bad_format);
  auto garbage = decode_load_profile("0x120," + repeated("00120", 23));
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error() == neva_errc::bad_format);
  auto negative = decode_load_profile("-1," + repeated("00120", 47));
  REQUIRE_FALSE(negative);
  CHECK(negative.error() == neva_errc::bad_format);
}

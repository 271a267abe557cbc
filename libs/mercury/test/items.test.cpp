#include "meterhub/mercury/items.hpp"

#include <catch2/catch.hpp>

#include "meterhub/mercury/options.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::mercury;
using test::error_of;
using test::hex;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;

reading live(std::string quantity, double value, meterhub::unit u) {
  reading r;
  r.quantity = std::move(quantity);
  r.value = value;
  r.unit = u;
  r.time_ms = t0;
  return r;
}

std::vector<reading> read(const request& r, std::string_view data, const options& o = {}) {
  auto out = readings_of(r, hex(data), o, t0);
  REQUIRE(out);
  return *out;
}

request aux16(std::uint8_t bwri) {
  return read_aux{aux_format::all_short, bwri};
}

request aux11(std::uint8_t bwri) {
  return read_aux{aux_format::single, bwri};
}

} // namespace

TEST_CASE("item names are exactly the profile loader's") {
  const std::vector<std::string_view> expected{
    "power", "reactive_power", "apparent_power", "voltage", "current", "power_factor", "frequency",
    "angles", "ku", "temperature", "energy_total", "energy_tariffs", "energy_phases"};
  REQUIRE(all_items.size() == expected.size());
  for (std::size_t i = 0; i < all_items.size(); ++i) {
    CHECK(to_string(all_items[i]) == expected[i]);
    CHECK(item_from_string(expected[i]) == all_items[i]);
  }
  CHECK_FALSE(item_from_string("Power"));
  CHECK_FALSE(item_from_string("energy"));
  CHECK_FALSE(item_from_string(""));
}

TEST_CASE("a 3-phase poll reads groups, a 1-phase poll single values") {
  const options three;
  options one;
  one.phases = 1;
  CHECK(item_requests(item::power, three) == std::vector<request>{aux16(0x00)});
  CHECK(item_requests(item::reactive_power, three) == std::vector<request>{aux16(0x04)});
  CHECK(item_requests(item::apparent_power, three) == std::vector<request>{aux16(0x08)});
  CHECK(item_requests(item::voltage, three) == std::vector<request>{aux16(0x11)});
  CHECK(item_requests(item::current, three) == std::vector<request>{aux16(0x21)});
  CHECK(item_requests(item::power_factor, three) == std::vector<request>{aux16(0x30)});
  CHECK(item_requests(item::angles, three) == std::vector<request>{aux16(0x51)});
  CHECK(item_requests(item::frequency, three) == std::vector<request>{aux11(0x40)});
  CHECK(item_requests(item::temperature, three) == std::vector<request>{aux11(0x70)});
  CHECK(item_requests(item::ku, three) == std::vector<request>{aux11(0x61), aux11(0x62), aux11(0x63)});
  CHECK(item_requests(item::power, one) == std::vector<request>{aux11(0x00)});
  CHECK(item_requests(item::voltage, one) == std::vector<request>{aux11(0x11)});
  CHECK(item_requests(item::current, one) == std::vector<request>{aux11(0x21)});
  CHECK(item_requests(item::angles, one).empty());
  CHECK(item_requests(item::ku, one) == std::vector<request>{aux11(0x61)});
}

TEST_CASE("energy items read the arrays from reset, per tariff and per phase") {
  options o;
  o.tariffs = 2;
  CHECK(item_requests(item::energy_total, o) == std::vector<request>{read_energy{}});
  CHECK(item_requests(item::energy_tariffs, o) ==
        std::vector<request>{read_energy{energy_array::from_reset, 0, 1}, read_energy{energy_array::from_reset, 0, 2}});
  CHECK(item_requests(item::energy_phases, o) == std::vector<request>{read_energy{energy_array::phases, 0, 0}});
  o.tariffs = 0;
  CHECK(item_requests(item::energy_tariffs, o).empty());
  o.tariffs = 4;
  CHECK(item_requests(item::energy_tariffs, o).size() == 4);
}

TEST_CASE("spec §5: 80 10 27 for P L1 is 100 W of export") {
  CHECK(read(aux11(0x01), "80 10 27") == std::vector<reading>{live("1-0:22.7.0", 100.0, unit::w)});
  CHECK(read(aux11(0x01), "00 10 27") == std::vector<reading>{live("1-0:21.7.0", 100.0, unit::w)});
  CHECK(read(aux11(0x00), "80 10 27") == std::vector<reading>{live("1-0:2.7.0", 100.0, unit::w)});
  CHECK(read(aux11(0x01), "80 00 00") == std::vector<reading>{live("1-0:21.7.0", 0.0, unit::w)});
  CHECK(read(aux11(0x01), "40 10 27") == std::vector<reading>{live("1-0:21.7.0", 100.0, unit::w)}); // Q bit
}

TEST_CASE("a power group gives sum and phases, import or export each") {
  CHECK(read(aux16(0x00), "00 10 27 80 e8 03 00 64 00 ff ff ff") ==
        std::vector<reading>{live("1-0:1.7.0", 100.0, unit::w), live("1-0:22.7.0", 10.0, unit::w),
                             live("1-0:41.7.0", 1.0, unit::w)});
  CHECK(read(aux16(0x04), "40 10 27 00 e8 03 40 64 00 00 00 00") ==
        std::vector<reading>{live("1-0:4.7.0", 100.0, unit::var), live("1-0:23.7.0", 10.0, unit::var),
                             live("1-0:44.7.0", 1.0, unit::var), live("1-0:63.7.0", 0.0, unit::var)});
  CHECK(read(aux16(0x08), "c0 10 27 00 e8 03 00 64 00 00 01 00") ==
        std::vector<reading>{live("1-0:9.7.0", 100.0, unit::va), live("1-0:29.7.0", 10.0, unit::va),
                             live("1-0:49.7.0", 1.0, unit::va), live("1-0:69.7.0", 0.01, unit::va)});
}

TEST_CASE("voltage, current, power factor, frequency, angles") {
  CHECK(read(aux16(0x11), "00 40 5e 00 eb 5d ff ff ff") ==
        std::vector<reading>{live("1-0:32.7.0", 241.28, unit::v), live("1-0:52.7.0", 240.43, unit::v)});
  CHECK(read(aux16(0x21), "00 45 00 00 60 00 00 66 00") ==
        std::vector<reading>{live("1-0:31.7.0", 0.069, unit::a), live("1-0:51.7.0", 0.096, unit::a),
                             live("1-0:71.7.0", 0.102, unit::a)});
  CHECK(read(aux16(0x30), "00 e8 03 80 52 03 00 00 00 ff ff ff") ==
        std::vector<reading>{live("1-0:13.7.0", 1.0, unit::none), live("1-0:33.7.0", -0.85, unit::none),
                             live("1-0:53.7.0", 0.0, unit::none)});
  CHECK(read(aux11(0x40), "00 88 13") == std::vector<reading>{live("1-0:14.7.0", 50.0, unit::hz)});
  CHECK(read(aux16(0x51), "00 e0 2e 00 c0 5d ff ff ff") ==
        std::vector<reading>{live("1-0:81.7.10", 120.0, unit::degree), live("1-0:81.7.20", 240.0, unit::degree)});
  CHECK(read(aux11(0x12), "00 eb 5d") == std::vector<reading>{live("1-0:52.7.0", 240.43, unit::v)});
}

TEST_CASE("KU is little-endian hundredths, temperature big-endian signed degrees") {
  CHECK(read(aux11(0x61), "01 90") == std::vector<reading>{live("x:ku.1", 368.65, unit::none)}); // WB sample
  CHECK(read(aux11(0x63), "2c 01") == std::vector<reading>{live("x:ku.3", 3.0, unit::none)});
  CHECK(read(aux11(0x62), "ff ff").empty());
  CHECK(read(aux11(0x70), "00 18") == std::vector<reading>{live("x:temperature", 24.0, unit::celsius)});
  CHECK(read(aux11(0x70), "ff f6") == std::vector<reading>{live("x:temperature", -10.0, unit::celsius)});
  CHECK(read(aux11(0x70), "ff ff").empty());
}

TEST_CASE("missing values give no reading, unknown parameters none at all") {
  CHECK(read(aux16(0x11), "ff ff ff ff ff ff ff ff ff").empty());
  CHECK(read(aux11(0x10), "00 40 5e").empty()); // a voltage has no sum code
  CHECK(read(aux11(0x81), "00 40 5e").empty()); // no parameter 8
  CHECK(read(aux11(0x15), "00 40 5e").empty()); // power-kind bits on a voltage
  CHECK(error_of(readings_of(aux16(0x11), hex("00 40 5e"), {}, t0)) == mercury_errc::bad_length);
  CHECK(error_of(readings_of(read_time{}, hex("00"), {}, t0)) == mercury_errc::bad_argument);
}

TEST_CASE("energy arrays from reset become 1-0:C.8.T, scaled") {
  // WB energy1: A+ 3 196 200 Wh, A− not measured, R+ 300 444 varh, R− not measured
  const auto wb = "30 00 28 c5 ff ff ff ff 04 00 9c 95 ff ff ff ff";
  CHECK(read(read_energy{}, wb) ==
        std::vector<reading>{live("1-0:1.8.0", 3'196'200.0, unit::wh), live("1-0:3.8.0", 300'444.0, unit::varh)});
  CHECK(read(read_energy{energy_array::from_reset, 0, 2}, "12 00 34 56 00 00 01 00 00 00 02 00 00 00 03 00") ==
        std::vector<reading>{live("1-0:1.8.2", 1'201'716.0, unit::wh), live("1-0:2.8.2", 1.0, unit::wh),
                             live("1-0:3.8.2", 2.0, unit::varh), live("1-0:4.8.2", 3.0, unit::varh)});
  options tenfold;
  tenfold.energy_wh_per_count = 10.0;
  CHECK(read(read_energy{}, "12 00 34 56 ff ff ff ff ff ff ff ff ff ff ff ff", tenfold) ==
        std::vector<reading>{live("1-0:1.8.0", 12'017'160.0, unit::wh)});
  CHECK(error_of(readings_of(read_energy{energy_array::day_start, 0, 0}, hex(wb), {}, t0)) ==
        mercury_errc::bad_argument);
  CHECK(error_of(readings_of(read_energy{}, hex("30 00 28 c5"), {}, t0)) == mercury_errc::bad_length);
}

TEST_CASE("per-phase A+ becomes 21/41/61.8.0, L1 only on one phase") {
  const request r = read_energy{energy_array::phases, 0, 0};
  const auto data = "00 00 01 00 00 00 02 00 00 00 03 00";
  CHECK(read(r, data) == std::vector<reading>{live("1-0:21.8.0", 1.0, unit::wh), live("1-0:41.8.0", 2.0, unit::wh),
                                              live("1-0:61.8.0", 3.0, unit::wh)});
  options one;
  one.phases = 1;
  CHECK(read(r, data, one) == std::vector<reading>{live("1-0:21.8.0", 1.0, unit::wh)});
}

TEST_CASE("options are checked") {
  CHECK_FALSE(check(options{}));
  options o;
  o.phases = 2;
  CHECK(error_of(check(o)) == mercury_errc::bad_argument);
  o = {};
  o.tariffs = 5;
  CHECK(error_of(check(o)) == mercury_errc::bad_argument);
  o = {};
  o.energy_wh_per_count = 0;
  CHECK(error_of(check(o)) == mercury_errc::bad_argument);
  o = {};
  o.meter_constant = 0;
  CHECK(error_of(check(o)) == mercury_errc::bad_argument);
  o = {};
  o.utc_offset = std::chrono::hours{19};
  CHECK(error_of(check(o)) == mercury_errc::bad_argument);
  CHECK(options{}.profile_wh_per_count() == 0.5);
}

#include "meterhub/dsmr/readings.hpp"

#include <catch2/catch.hpp>

#include "data.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/dsmr/framer.hpp"

using namespace meterhub;
using namespace meterhub::dsmr;

namespace {

struct decoded {
  std::string text;
  std::vector<reading> readings;

  const reading* find(const std::string& quantity, std::size_t nth = 0) const {
    for (const auto& r : readings)
      if (r.quantity == quantity && nth-- == 0)
        return &r;
    return nullptr;
  }
  std::size_t count(const std::string& quantity) const {
    std::size_t n = 0;
    for (const auto& r : readings)
      n += r.quantity == quantity;
    return n;
  }
};

decoded decode(const std::string& file, reading_options opts = {}) {
  decoded d{telegram_file(file), {}};
  auto t = parse_telegram(d.text);
  REQUIRE(t);
  d.readings = to_readings(*t, opts);
  return d;
}

std::int64_t utc(const char* iso) {
  return *parse_iso8601(iso);
}

} // namespace

TEST_CASE("the spec's time zone worked examples") {
  auto zone = time_zone::eu_central();
  CHECK(parse_meter_time("231029023000S", zone)->unix_ms == utc("2023-10-29T00:30:00Z"));
  CHECK(parse_meter_time("231029023000W", zone)->unix_ms == utc("2023-10-29T01:30:00Z"));
  CHECK(parse_meter_time("231105021500W", zone)->unix_ms == utc("2023-11-05T01:15:00Z"));
  auto ambiguous = parse_meter_time("231029023000", zone);
  REQUIRE(ambiguous);
  CHECK(ambiguous->ambiguous);
  CHECK(ambiguous->unix_ms == utc("2023-10-29T01:30:00Z")); // standard time chosen
  auto summer = parse_meter_time("230715120000", zone);
  CHECK(summer->summer);
  CHECK_FALSE(summer->ambiguous);
  CHECK(summer->unix_ms == utc("2023-07-15T10:00:00Z"));
  CHECK(parse_meter_time("230115120000", zone)->unix_ms == utc("2023-01-15T11:00:00Z"));
  CHECK(parse_meter_time("210217184019W", *time_zone::parse("+01:00"))->unix_ms == utc("2021-02-17T17:40:19Z"));
  CHECK_FALSE(parse_meter_time("632525252525W", zone));
  CHECK_FALSE(parse_meter_time("23102902300", zone));
  CHECK_FALSE(time_zone::parse("Mars/Olympus"));
  CHECK(format_meter_time(utc("2023-10-29T00:30:00Z"), zone) == "231029023000S");
  CHECK(format_meter_time(utc("2023-10-29T01:30:00Z"), zone) == "231029023000W");
  CHECK(format_meter_time(utc("2021-02-17T17:40:19Z"), time_zone::fixed(60)) == "210217184019W");
}

TEST_CASE("DSMR 5: every value in SI units by exact decimal scaling") {
  auto d = decode("dsmr5-three-phase-gas.txt");
  const auto t = utc("2023-10-29T00:30:00Z");
  auto t1 = d.find("1-0:1.8.1");
  REQUIRE(t1);
  CHECK(t1->value == 12345678.0);
  CHECK(t1->unit == unit::wh);
  CHECK(t1->time_ms == t);
  CHECK(t1->has(flag::summer_time));
  CHECK(d.find("1-0:2.8.2")->value == 234567.0);
  CHECK(d.find("1-0:1.7.0")->value == 1193.0);
  CHECK(d.find("1-0:1.7.0")->unit == unit::w);
  CHECK(d.find("1-0:32.7.0")->value == 230.1);
  CHECK(d.find("1-0:32.7.0")->unit == unit::v);
  CHECK(d.find("1-0:31.7.0")->value == 2.0);
  CHECK(d.find("1-0:61.7.0")->value == 500.0);
  CHECK(d.find("0-0:96.14.0")->value == 2.0);
  CHECK(d.find("0-0:96.1.1")->text == "E0043007123456719");
  CHECK(d.find("0-0:96.13.0")->text == "Hello, world!");
  auto gas = d.find("0-1:24.2.1");
  REQUIRE(gas);
  CHECK(gas->value == 1234.567);
  CHECK(gas->unit == unit::m3);
  CHECK(gas->time_ms == utc("2023-10-29T00:25:00Z")); // the capture time, not the telegram time
  auto failure = d.find("1-0:99.97.0");
  REQUIRE(failure);
  CHECK(failure->value == 3600.0);
  CHECK(failure->unit == unit::second);
  CHECK(failure->time_ms == utc("2023-11-05T01:15:00Z"));
  CHECK(d.find("0-0:1.0.0") == nullptr);
  CHECK(d.find("1-3:0.2.8") == nullptr);
}

TEST_CASE("power-failure log: trust the pairs, flag placeholders, 64-bit durations") {
  auto d = decode("dsmr42-failure-log.txt");
  REQUIRE(d.count("1-0:99.97.0") == 2); // declares 5, carries 2
  auto placeholder = d.find("1-0:99.97.0", 1);
  CHECK(placeholder->value == 2147583646.0);
  CHECK(placeholder->has(flag::suspicious));
  CHECK_FALSE(d.find("1-0:99.97.0", 0)->has(flag::suspicious));
  CHECK(d.find("0-0:96.13.0") == nullptr); // empty text message: no reading
}

TEST_CASE("DSMR 2.2: two-line gas object, plain text message, receive time as fallback") {
  reading_options opts;
  opts.fallback_time_ms = 1'000'000;
  auto d = decode("dsmr22-gas-no-crc.txt", opts);
  CHECK(d.find("1-0:1.8.1")->value == 3111.0);
  CHECK(d.find("1-0:1.8.1")->time_ms == 1'000'000);
  auto gas = d.find("0-1:24.2.1");
  REQUIRE(gas);
  CHECK(gas->value == 437.631);
  CHECK(gas->unit == unit::m3);
  CHECK(gas->time_ms == utc("2012-10-30T13:00:00Z")); // zone rules: October 30 is winter time
  CHECK(d.find("0-0:96.13.0")->text == "Storing / onderhoud - test");
}

TEST_CASE("Belgian e-MUCS: peak demand, peak history, gas 24.2.3 and water") {
  auto d = decode("emucs-be-fluvius.txt");
  CHECK(d.find("1-0:1.4.0")->value == 2351.0);
  auto peak = d.find("1-0:1.6.0");
  REQUIRE(peak);
  CHECK(peak->value == 2589.0);
  CHECK(peak->time_ms == utc("2020-05-09T11:45:58Z"));
  REQUIRE(d.count("1-0:1.6.0") == 4); // the current peak plus three months of history
  CHECK(d.find("1-0:1.6.0", 1)->has(flag::backfilled));
  CHECK(d.find("0-1:24.2.3")->value == 112.384);
  CHECK(d.find("0-2:24.2.1")->value == 872.234);
  CHECK(d.find("0-0:17.0.0")->value == 999900.0);
  CHECK(d.find("1-0:31.4.0")->value == 999.0);
}

TEST_CASE("Nordic HAN: totals in Wh and varh, kVAr spelled as E360 does, fixed offset") {
  reading_options opts;
  opts.zone = *time_zone::parse("+01:00");
  auto d = decode("han-se-t211.txt", opts);
  CHECK(d.find("1-0:1.8.0")->value == 6678394.0);
  CHECK(d.find("1-0:3.8.0")->unit == unit::varh);
  CHECK(d.find("1-0:4.7.0")->value == 309.0);
  CHECK(d.find("1-0:4.7.0")->unit == unit::var);
  CHECK(d.find("1-0:71.7.0")->value == 1.7);
  CHECK(d.find("1-0:1.8.0")->time_ms == utc("2021-02-17T17:40:19Z"));
}

TEST_CASE("Smarty: placeholder M-Bus channel gives no value, text channels decoded") {
  auto d = decode("smarty-lu-plain.txt");
  CHECK(d.find("0-1:24.2.1") == nullptr);
  CHECK(d.find("0-0:96.13.2")->text == "Text channel two");
  CHECK(d.find("0-0:42.0.0")->text == "SAG1234567890123");
  CHECK(d.find("0-0:17.0.0")->unit == unit::va);
  CHECK(d.find("0-0:17.0.0")->value == 12500.0);
}

TEST_CASE("E.ON Hungary: unit-less power factors, billing snapshot left alone") {
  auto d = decode("eon-hu.txt");
  CHECK(d.find("1-0:13.7.0")->value == 0.956);
  CHECK(d.find("1-0:13.7.0")->unit == unit::none);
  CHECK(d.find("1-0:14.7.0")->unit == unit::hz);
  CHECK(d.find("1-0:1.8.3")->value == 100000.0);
  CHECK(d.count("0-0:98.1.0") == 0);
}

TEST_CASE("units are case-insensitive, negative values and unit-less values keep their number") {
  auto text = finish_telegram("/XMX5 units\r\n\r\n1-3:0.2.8(50)\r\n0-0:1.0.0(240101120000W)\r\n1-0:1.8.1(000001.500*kwh)\r\n"
                              "1-0:32.7.0(231.5*v)\r\n1-0:31.7.0(-063*A)\r\n1-0:21.7.0(-03.618*kW)\r\n1-0:1.8.2(000002.000)\r\n!");
  auto t = parse_telegram(text);
  REQUIRE(t);
  auto rs = to_readings(*t, {});
  REQUIRE(rs.size() == 5);
  CHECK(rs[0].value == 1500.0);
  CHECK(rs[1].unit == unit::v);
  CHECK(rs[2].value == -63.0);
  CHECK(rs[3].value == -3618.0);
  CHECK(rs[4].value == 2.0);
  CHECK(rs[4].unit == unit::none);
}

TEST_CASE("value groups classify quantities for the publish switches") {
  auto d = decode("dsmr5-three-phase-gas.txt");
  CHECK(classify(*d.find("1-0:1.8.1")) == value_group::energy);
  CHECK(classify(*d.find("1-0:1.7.0")) == value_group::active_power);
  CHECK(classify(*d.find("1-0:21.7.0")) == value_group::phase_power);
  CHECK(classify(*d.find("1-0:32.7.0")) == value_group::voltage);
  CHECK(classify(*d.find("1-0:31.7.0")) == value_group::current);
  CHECK(classify(*d.find("0-1:24.2.1")) == value_group::other);
  CHECK(classify(reading{"1-0:13.7.0", 1.0, unit::none, 0, 0, {}}) == value_group::power_factor);
  CHECK(classify(reading{"1-0:3.7.0", 1.0, unit::var, 0, 0, {}}) == value_group::reactive_power);
  CHECK(parse_value_group("voltage") == value_group::voltage);
  CHECK_FALSE(parse_value_group("volts"));
}

TEST_CASE("the equipment id names the device") {
  std::string keep = telegram_file("dsmr5-three-phase-gas.txt");
  CHECK(equipment_id(*parse_telegram(keep)) == "E0043007123456719");
}

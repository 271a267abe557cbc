#include "meterhub/neva/registers.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "meterhub/neva/error.hpp"

using namespace meterhub;
using namespace meterhub::neva;

namespace {

constexpr std::int64_t now_ms = 1'713'078'000'000; // 2024-04-14T07:00:00Z

register_address at(const char* text) {
  auto reg = parse_address(text);
  REQUIRE(reg);
  return *reg;
}

std::vector<reading> read(const char* address, std::string_view reply, model_options options = {}) {
  auto out = to_readings(at(address), reply, now_ms, options);
  INFO(address << " (" << std::string{reply} << ")");
  REQUIRE(out);
  return *out;
}

caf::error refused(const char* address, std::string_view reply, model_options options = {}) {
  auto out = to_readings(at(address), reply, now_ms, options);
  REQUIRE_FALSE(out);
  return out.error();
}

struct single_value {
  const char* address;
  const char* reply;
  const char* quantity;
  meterhub::unit unit;
  double value;
};

constexpr model_options mt3{model_family::three_phase, false};
constexpr model_options mt1{model_family::single_phase, false};

} // namespace

TEST_CASE("every single-value register maps to its quantity and SI unit") {
  using u = meterhub::unit;
  const single_value rows[] = {
    {"10.07.00*FF", "00015.4", "1-0:1.7.0", u::w, 15.4},
    {"24.07.00*FF", "00005.3", "1-0:21.7.0", u::w, 5.3},
    {"38.07.00*FF", "00120.0", "1-0:41.7.0", u::w, 120.0},
    {"4C.07.00*FF", "01234.5", "1-0:61.7.0", u::w, 1234.5},
    {"20.07.00*FF", "230.12", "1-0:32.7.0", u::v, 230.12},
    {"34.07.00*FF", "229.80", "1-0:52.7.0", u::v, 229.8},
    {"48.07.00*FF", "231.05", "1-0:72.7.0", u::v, 231.05},
    {"1F.07.00*FF", "001.234", "1-0:31.7.0", u::a, 1.234},
    {"33.07.00*FF", "000.500", "1-0:51.7.0", u::a, 0.5},
    {"47.07.00*FF", "010.000", "1-0:71.7.0", u::a, 10.0},
    {"0E.07.01*FF", "000050.01", "1-0:14.7.0", u::hz, 50.01},
    {"03.07.01*FF", "00100.5", "1-0:3.7.0", u::var, 100.5},
    {"04.07.01*FF", "00000.0", "1-0:4.7.0", u::var, 0.0},
    {"17.07.01*FF", "00011.1", "1-0:23.7.0", u::var, 11.1},
    {"18.07.01*FF", "00012.2", "1-0:24.7.0", u::var, 12.2},
    {"2B.07.01*FF", "00013.3", "1-0:43.7.0", u::var, 13.3},
    {"2C.07.01*FF", "00014.4", "1-0:44.7.0", u::var, 14.4},
    {"3F.07.01*FF", "00015.5", "1-0:63.7.0", u::var, 15.5},
    {"40.07.01*FF", "00016.6", "1-0:64.7.0", u::var, 16.6},
    {"51.07.0A*FF", "120.1", "1-0:81.7.10", u::degree, 120.1},
    {"51.07.14*FF", "-119.9", "1-0:81.7.20", u::degree, -119.9},
    {"51.07.15*FF", "240.0", "1-0:81.7.21", u::degree, 240.0},
    {"0C.07.00*FF", "000230.50", "1-0:12.7.0", u::v, 230.5},
    {"0B.07.00*FF", "000005.25", "1-0:11.7.0", u::a, 5.25},
    {"60.09.00*FF", "029", "x:temperature", u::celsius, 29.0},
  };
  for (const auto& row : rows) {
    INFO(row.address);
    auto out = read(row.address, row.reply, mt3);
    REQUIRE(out.size() == 1);
    CHECK(out[0].quantity == row.quantity);
    CHECK(out[0].unit == row.unit);
    REQUIRE(out[0].value);
    CHECK(*out[0].value == row.value);
    CHECK(out[0].time_ms == now_ms);
    CHECK(out[0].flags == 0);
    CHECK(out[0].text.empty());
  }
}

TEST_CASE("MT1: 0C.07.00 and 0B.07.00 are the voltage and current") {
  auto volts = read("0C.07.00*FF", "000230.50", mt1);
  REQUIRE(volts.size() == 1);
  CHECK(volts[0].quantity == "1-0:32.7.0");
  CHECK(volts[0].unit == unit::v);
  CHECK(*volts[0].value == 230.5);
  auto amps = read("0B.07.00*FF", "000005.25", mt1);
  REQUIRE(amps.size() == 1);
  CHECK(amps[0].quantity == "1-0:31.7.0");
  CHECK(amps[0].unit == unit::a);
  CHECK(*amps[0].value == 5.25);
  CHECK(read("0C.07.00*FF", "000230.50", {model_family::three_phase_reactive, false})[0].quantity == "1-0:12.7.0");
}

TEST_CASE("temperature below zero") {
  auto out = read("60.09.00*FF", "105");
  REQUIRE(out.size() == 1);
  CHECK(*out[0].value == -5.0);
  CHECK(*read("60.09.00*FF", "1012", mt1)[0].value == -12.0);
}

TEST_CASE("power factors publish the magnitude and the character as text") {
  struct row {
    const char* address;
    const char* reply;
    const char* quantity;
    double value;
    const char* text;
  };
  const row rows[] = {
    {"21.07.FF*FF", "10.987", "1-0:33.7.0", 0.987, "L"},
    {"35.07.FF*FF", "00.717", "1-0:53.7.0", 0.717, "C"},
    {"49.07.FF*FF", "20.000", "1-0:73.7.0", 1.0, ""},
    {"0D.07.FF*FF", "10.98", "1-0:13.7.0", 0.98, "L"},
    {"0D.07.FF*FF", "C0.95", "1-0:13.7.0", 0.95, "C"},
  };
  for (const auto& r : rows) {
    INFO(r.address << " " << r.reply);
    auto out = read(r.address, r.reply);
    REQUIRE(out.size() == 1);
    CHECK(out[0].quantity == r.quantity);
    CHECK(out[0].unit == unit::none);
    CHECK(*out[0].value == r.value);
    CHECK(out[0].text == r.text);
  }
}

TEST_CASE("active energy: total and T1..T4 in Wh as 1-0:1.8.x") {
  auto out = read("0F.08.80*FF", "001234.56,000800.00,000434.56,000000.00,000000.00");
  REQUIRE(out.size() == 5);
  const char* quantities[] = {"1-0:1.8.0", "1-0:1.8.1", "1-0:1.8.2", "1-0:1.8.3", "1-0:1.8.4"};
  const double wh[] = {1'234'560, 800'000, 434'560, 0, 0};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(out[i].quantity == quantities[i]);
    CHECK(out[i].unit == unit::wh);
    CHECK(*out[i].value == wh[i]);
    CHECK(out[i].flags == 0);
    CHECK(out[i].time_ms == now_ms);
  }
}

TEST_CASE("active energy as the native 1-0:15.8.x when the device asks for it") {
  model_options native{model_family::three_phase, true};
  auto out = read("0F.08.80*FF", "001234.56,000800.00,000434.56,000000.00,000000.00", native);
  REQUIRE(out.size() == 5);
  CHECK(out[0].quantity == "1-0:15.8.0");
  CHECK(out[4].quantity == "1-0:15.8.4");
  CHECK(*out[0].value == 1'234'560);
  CHECK(read("0F.80.80*03", "000001.00,000001.00,000000.00,000000.00,000000.00", native)[2].quantity ==
        "1-0:15.8.2");
  CHECK(read("03.08.80*FF", "000001.00,000001.00,000000.00,000000.00,000000.00", native)[0].quantity ==
        "1-0:3.8.0");
}

TEST_CASE("reactive energy in varh") {
  auto plus = read("03.08.80*FF", "000100.25,000100.25,000000.00,000000.00,000000.00");
  REQUIRE(plus.size() == 5);
  CHECK(plus[0].quantity == "1-0:3.8.0");
  CHECK(plus[1].quantity == "1-0:3.8.1");
  CHECK(plus[0].unit == unit::varh);
  CHECK(*plus[0].value == 100'250);
  auto minus = read("04.08.80*FF", "000002.00,000000.00,000002.00,000000.00,000000.00");
  REQUIRE(minus.size() == 5);
  CHECK(minus[2].quantity == "1-0:4.8.2");
  CHECK(minus[2].unit == unit::varh);
  CHECK(*minus[2].value == 2'000);
}

TEST_CASE("archives give the same quantities, backfilled at the caller's time") {
  const std::int64_t month_start = 1'711'918'800'000;
  auto month = to_readings(at("0F.08.80*00"), "001000.00,000600.00,000400.00,000000.00,000000.00", month_start,
                           {});
  REQUIRE(month);
  REQUIRE(month->size() == 5);
  for (const auto& r : *month) {
    CHECK(r.has(flag::backfilled));
    CHECK(r.time_ms == month_start);
  }
  CHECK((*month)[0].quantity == "1-0:1.8.0");
  CHECK(*(*month)[1].value == 600'000);
  auto day = read("0F.80.80*7F", "000900.10,000500.00,000400.10,000000.00,000000.00");
  REQUIRE(day.size() == 5);
  CHECK(day[0].has(flag::backfilled));
  CHECK(day[2].quantity == "1-0:1.8.2");
  CHECK(*day[2].value == 400'100);
  CHECK(read("0F.08.80*0B", "000001.00,000001.00,000000.00,000000.00,000000.00")[0].has(flag::backfilled));
  CHECK(is_archive(at("0F.08.80*00")));
  CHECK(is_archive(at("0F.80.80*00")));
  CHECK(is_archive(at("0F.06.80*01")));
  CHECK(is_archive(at("63.01.00*05")));
  CHECK_FALSE(is_archive(at("0F.08.80*FF")));
  CHECK_FALSE(is_archive(at("0F.06.80*FF")));
  CHECK_FALSE(is_archive(at("20.07.00*FF")));
  CHECK_FALSE(is_archive(at("20.07.00*01")));
}

TEST_CASE("maximum demand: x:max_demand and x:max_demand.1..4 in W") {
  auto out = read("0F.06.80*FF", "05.1234,05.1234,03.0000,00.0000,00.5000");
  REQUIRE(out.size() == 5);
  const char* quantities[] = {"x:max_demand", "x:max_demand.1", "x:max_demand.2", "x:max_demand.3",
                              "x:max_demand.4"};
  const double watts[] = {5123.4, 5123.4, 3000.0, 0.0, 500.0};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(out[i].quantity == quantities[i]);
    CHECK(out[i].unit == unit::w);
    CHECK(*out[i].value == watts[i]);
    CHECK(out[i].flags == 0);
  }
  auto mt1_month = read("0F.06.80*02", "005.123,005.123,000.000,000.000,000.000", mt1);
  CHECK(*mt1_month[0].value == 5123.0);
  CHECK(mt1_month[0].has(flag::backfilled));
}

TEST_CASE("status word and identifiers") {
  auto status = read("60.05.00*FF", "0a1F");
  REQUIRE(status.size() == 1);
  CHECK(status[0].quantity == "x:status");
  CHECK(*status[0].value == 0x0A1F);
  CHECK(status[0].text == "0A1F");
  CHECK(status[0].unit == unit::none);
  auto serial = read("60.01.00*FF", "12345678");
  REQUIRE(serial.size() == 1);
  CHECK(serial[0].quantity == "0-0:96.1.0");
  CHECK_FALSE(serial[0].value);
  CHECK(serial[0].text == "12345678");
  auto firmware = read("60.01.04*FF", "000V0201");
  REQUIRE(firmware.size() == 1);
  CHECK(firmware[0].quantity == "x:firmware_id");
  CHECK(firmware[0].text == "000V0201");
  auto point = read("60.01.0A*FF", "Flat 12         ");
  REQUIRE(point.size() == 1);
  CHECK(point[0].quantity == "x:metering_point");
  CHECK(point[0].text == "Flat 12");
  CHECK(read("60.01.0A*FF", "                ").empty());
}

TEST_CASE("registers the platform does not publish are checked and give no readings") {
  const std::pair<const char*, std::string> rows[] = {
    {"00.09.01*FF", "123456"},
    {"00.09.02*FF", "240414"},
    {"00.09.05*FF", "01"},
    {"00.08.00*FF", "30"},
    {"00.08.02*FF", "04"},
    {"00.08.06*FF", "0100"},
    {"60.01.01*FF", "00000201"},
    {"15.00.04*FF", "0083"},
    {"0A.01.64*FF", "070003,230004,000000,000000,000000,000000,000000,000000"},
    {"0A.24.64*FF", "000001,000000,000000,000000,000000,000000,000000,000000"},
    {"0D.00.00*FF", "0101010102,0401030304,0000000000,0000000000,0000000000,0000000000,0000000000,0000000000,"
                    "0000000000,0000000000,0000000000,0000000000"},
    {"63.01.00*00", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24"},
  };
  for (const auto& [address, reply] : rows) {
    INFO(address);
    CHECK(read(address, reply).empty());
  }
  std::string special = "010102";
  for (int i = 1; i < 32; ++i)
    special += ",000000";
  CHECK(read("0B.00.00*FF", special).empty());
  CHECK(refused("00.09.02*FF", "241301") == neva_errc::out_of_range);
  CHECK(refused("00.09.01*FF", "25") == neva_errc::bad_format);
  CHECK(refused("00.08.00*FF", "07") == neva_errc::out_of_range);
  CHECK(refused("00.08.02*FF", "13") == neva_errc::out_of_range);
  CHECK(refused("00.08.06*FF", "3224") == neva_errc::out_of_range);
  CHECK(refused("60.01.01*FF", "00000000") == neva_errc::out_of_range);
  CHECK(refused("15.00.04*FF", "00830") == neva_errc::bad_format);
  CHECK(refused("0A.01.64*FF", "070003,230004") == neva_errc::wrong_count);
  CHECK(refused("63.01.00*00", "1,2,3") == neva_errc::wrong_count);
}

TEST_CASE("errors name the register and the reason") {
  auto bad = refused("20.07.00*FF", "23O.12");
  CHECK(bad == neva_errc::bad_format);
  CHECK(describe(bad) == "neva: bad_format: 20.07.00*FF: not a decimal number: '23O.12'");
  auto count = refused("0F.08.80*FF", "001234.56,000800.00");
  CHECK(describe(count) == "neva: wrong_count: 0F.08.80*FF: expected 5 values, got 2 in '001234.56,000800.00'");
  CHECK(refused("21.07.FF*FF", "19.999") == neva_errc::out_of_range);
  CHECK(refused("60.09.00*FF", "229") == neva_errc::out_of_range);
  CHECK(refused("60.05.00*FF", "XYZW") == neva_errc::bad_format);
  CHECK(refused("60.01.00*FF", "12\x7F") == neva_errc::bad_text);
  CHECK(refused("10.07.00*FF", "") == neva_errc::bad_format);
  CHECK(refused("10.07.00*FF", "00015.4,00015.4") == neva_errc::bad_format);
  CHECK(refused("10.07.00*FF", "99999999999999.9") == neva_errc::out_of_range);
}

TEST_CASE("unknown registers and archive indexes out of range are refused") {
  auto unknown = refused("1F.07.05*FF", "1");
  CHECK(unknown == neva_errc::unknown_register);
  CHECK(describe(unknown) == "neva: unknown_register: 1F.07.05*FF: not in the register table");
  CHECK(refused("60.01.02*FF", "00000000") == neva_errc::unknown_register); // the password is write-only
  CHECK(refused("0A.25.64*FF", "") == neva_errc::unknown_register);
  CHECK(refused("0A.00.64*FF", "") == neva_errc::unknown_register);
  CHECK(refused("20.07.00*00", "230.0") == neva_errc::unknown_register);
  CHECK(refused("0F.08.80*0C", "0,0,0,0,0") == neva_errc::unknown_register);
  CHECK(refused("0F.80.80*80", "0,0,0,0,0") == neva_errc::unknown_register);
  CHECK(refused("0F.80.80*FF", "0,0,0,0,0") == neva_errc::unknown_register);
  CHECK(refused("03.08.80*00", "0,0,0,0,0") == neva_errc::unknown_register);
  CHECK(refused("63.01.00*FF", "") == neva_errc::unknown_register);
}

TEST_CASE("register meanings by family and F") {
  CHECK(register_meaning(at("20.07.00*FF"), model_family::three_phase) == std::string_view{"voltage L1"});
  CHECK(register_meaning(at("0C.07.00*FF"), model_family::single_phase) == std::string_view{"voltage"});
  CHECK(register_meaning(at("0C.07.00*FF"), model_family::three_phase) ==
        std::string_view{"voltage, sum of phases"});
  CHECK(register_meaning(at("0F.80.80*10"), model_family::three_phase));
  CHECK_FALSE(register_meaning(at("0F.80.80*FF"), model_family::three_phase));
  CHECK_FALSE(register_meaning(at("99.99.99*FF"), model_family::three_phase));
}

// The total power factor 0D.07.FF is an MT1 register (spec §5); a three-phase meter answers it with (01).
TEST_CASE("instantaneous poll lists per family") {
  auto wire = [](model_family family) {
    std::vector<std::string> out;
    for (auto reg : instantaneous_registers(family))
      out.push_back(to_wire(reg));
    return out;
  };
  CHECK(wire(model_family::three_phase) ==
        std::vector<std::string>{"0F0880FF", "100700FF", "240700FF", "380700FF", "4C0700FF", "200700FF", "340700FF",
                                 "480700FF", "1F0700FF", "330700FF", "470700FF", "2107FFFF", "3507FFFF", "4907FFFF",
                                 "0E0701FF", "51070AFF", "510714FF", "510715FF", "600900FF", "600500FF"});
  CHECK(wire(model_family::three_phase_reactive) ==
        std::vector<std::string>{"0F0880FF", "030880FF", "040880FF", "100700FF", "240700FF", "380700FF", "4C0700FF",
                                 "030701FF", "040701FF", "170701FF", "180701FF", "2B0701FF", "2C0701FF", "3F0701FF",
                                 "400701FF", "200700FF", "340700FF", "480700FF", "1F0700FF", "330700FF", "470700FF",
                                 "2107FFFF", "3507FFFF", "4907FFFF", "0E0701FF", "51070AFF", "510714FF",
                                 "510715FF", "600900FF", "600500FF"});
  CHECK(wire(model_family::single_phase) == std::vector<std::string>{"0F0880FF", "100700FF", "0C0700FF", "0B0700FF",
                                                                     "0D07FFFF", "0E0701FF", "600900FF", "600500FF"});
}

TEST_CASE("every polled register of every family decodes a plausible reply") {
  for (auto family : {model_family::three_phase, model_family::three_phase_reactive, model_family::single_phase}) {
    for (auto reg : instantaneous_registers(family)) {
      INFO(to_string(reg));
      std::string reply = "00001.0";
      if (reg.e == 0x80)
        reply = "000001.00,000001.00,000000.00,000000.00,000000.00";
      else if (reg.e == 0xFF)
        reply = "10.950";
      else if (reg.c == 0x60)
        reply = reg.d == 0x09 ? "025" : "0000";
      auto out = to_readings(reg, reply, now_ms, {family, false});
      REQUIRE(out);
      CHECK_FALSE(out->empty());
      for (const auto& r : *out) {
        CHECK(r.time_ms == now_ms);
        CHECK(r.value);
      }
    }
  }
}

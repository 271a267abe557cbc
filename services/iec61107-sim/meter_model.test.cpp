#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::iec61107sim;
using namespace meterhub::iec61107sim::test;

namespace {

setup_options with_voltage() {
  setup_options o;
  o.overrides = {"20.07.00*FF:230.5"};
  return o;
}

} // namespace

TEST_CASE("a session: sign-on, password, read, break, byte for byte") {
  auto model = make_model(with_voltage());
  line l{model};
  CHECK(l.send(hex("2F 3F 21 0D 0A")) == "/TPC5NEVAMT324.2303\r\n");
  CHECK(l.send(hex("06 30 35 31 0D 0A")) == hex("01 50 30 02 28 30 30 30 30 30 30 30 30 29 03 60"));
  CHECK(l.send(iec61107::command_message("P1", "(00000000)")) == hex("06"));
  // The spec's worked request (§3), answered with the fixed value and a BCC computed by hand.
  CHECK(l.send(hex("01 52 31 02 32 30 30 37 30 30 46 46 28 29 03 66")) ==
        hex("02 32 30 30 37 30 30 46 46 28 32 33 30 2E 35 29 03 2D"));
  CHECK(l.send(hex("01 42 30 03 71")).empty());
  CHECK(l.session().at == session_state::phase::idle);
  CHECK(l.send(hex("01 52 31 02 32 30 30 37 30 30 46 46 28 29 03 66")).empty()); // after the break: not listening
}

TEST_CASE("unknown registers answer (01) and the meter keeps going") {
  auto model = make_model(with_voltage());
  line l{model};
  l.open();
  CHECK(l.send(iec61107::command_message("R1", "030880FF()")) == hex("02 28 30 31 29 03 03")); // reactive: A model
  CHECK(l.send(iec61107::command_message("R1", "63010080()")) == hex("02 28 30 31 29 03 03")); // past day 7F
  CHECK(l.send(iec61107::command_message("R1", "XYZ()")) == hex("02 28 30 31 29 03 03"));
  CHECK(l.send(iec61107::command_message("E2", "200700FF()")) == hex("02 28 30 31 29 03 03"));
  CHECK(l.read("200700FF") == "230.5");
  CHECK(l.read("200700ff") == "230.5"); // addresses compare case-insensitively
  CHECK(l.send(iec61107::command_message("R1", "200700ff()")).substr(1, 8) == "200700ff"); // and are echoed
}

TEST_CASE("passwords: rejected with 0x07, then accepted on a retry") {
  setup_options o;
  o.meters = {"00000001:SECRET12"};
  auto model = make_model(o);
  line l{model};
  l.send(iec61107::sign_on());
  l.send(iec61107::option_select('5', iec61107::session_mode::programming));
  CHECK(l.send(iec61107::command_message("P1", "(00000000)")) == hex("07"));
  CHECK(l.session().at == session_state::phase::password);
  CHECK(l.send(iec61107::command_message("R1", "200700FF()")) == hex("02 28 30 33 29 03 01"));
  CHECK(l.send(iec61107::command_message("P1", "(SECRET12)")) == hex("06"));
  CHECK(l.session().at == session_state::phase::programming);
}

TEST_CASE("requests outside a session are ignored, before the password they get (03)") {
  auto model = make_model();
  line l{model};
  CHECK(l.send(iec61107::command_message("R1", "200700FF()")).empty());
  CHECK(l.send(iec61107::command_message("P1", "(00000000)")).empty());
  CHECK(l.send(iec61107::option_select('5', iec61107::session_mode::programming)).empty());
  CHECK(l.send("garbage\r\n").empty());
  l.send(iec61107::sign_on());
  CHECK(l.send(iec61107::command_message("R1", "200700FF()")).empty()); // before the option select
  l.send(iec61107::option_select('5', iec61107::session_mode::programming));
  CHECK(l.send(iec61107::command_message("R1", "200700FF()")) == hex("02 28 30 33 29 03 01"));
  CHECK(l.send(iec61107::command_message("W1", "60010AFF(x)")) == hex("02 28 30 33 29 03 01"));
}

TEST_CASE("a bad BCC gets a NAK inside a session, a NAK repeats the last reply") {
  auto model = make_model(with_voltage());
  line l{model};
  auto request = iec61107::command_message("R1", "200700FF()");
  request.back() = static_cast<char>(request.back() ^ 1);
  CHECK(l.send(request).empty()); // not in a session: quiet
  l.open();
  CHECK(l.send(request) == hex("15"));
  const auto reply = l.send(iec61107::command_message("R1", "200700FF()"));
  CHECK(l.send(hex("15")) == reply);
}

TEST_CASE("writes: ACK and the value changes, read-only (03), bad value (02), unknown (01)") {
  setup_options o;
  o.overrides = {"99.99.99*01:abc"}; // an invented register takes writes
  auto model = make_model(o);
  line l{model};
  l.open();
  CHECK(l.write("60010AFF", "Flat 12") == hex("06"));
  CHECK(l.read("60010AFF") == "Flat 12");
  CHECK(l.write("0A016400", "1") == hex("02 28 30 31 29 03 03"));
  CHECK(l.write("200700FF", "231.0") == hex("02 28 30 33 29 03 01"));
  CHECK(l.write("0F0880FF", "000001.00,000001.00,000000.00,000000.00,000000.00") == hex("02 28 30 33 29 03 01"));
  CHECK(l.write("000800FF", "7") == hex("02 28 30 32 29 03 00"));
  CHECK(l.write("000800FF", "15") == hex("06"));
  CHECK(l.write("0A0164FF", "070001,230002") == hex("02 28 30 32 29 03 00")); // 8 entries or nothing
  CHECK(l.write("99999901", "xyz") == hex("06"));
  CHECK(l.read("99999901") == "xyz");
  CHECK(l.write("600102FF", "NEWPASS1") == hex("06"));
  CHECK(model.meters()[0].password() == "NEWPASS1");
  CHECK(l.read("600102FF") == hex("02 28 30 33 29 03 01")); // the password is write-only
}

TEST_CASE("writing time and date moves the meter's clock, and it keeps running") {
  auto model = make_model();
  line l{model};
  l.open();
  CHECK(l.write("000901FF", "123456") == hex("06"));
  CHECK(l.read("000901FF") == "123456");
  CHECK(l.read("000901FF", april_14_10am + 4) == "123500");
  CHECK(l.write("000902FF", "240229") == hex("06"));
  CHECK(l.read("000902FF") == "240229");
  CHECK(l.read("000905FF") == "05"); // 2024-02-29 was a Thursday
  CHECK(l.read("000901FF") == "123456");
  CHECK(l.write("000902FF", "230229") == hex("02 28 30 32 29 03 00")); // no such day
  CHECK(l.write("000901FF", "246000") == hex("02 28 30 32 29 03 00"));
}

TEST_CASE("the configuration word: bit 0 gates writes, bit 1 opens reads before the password") {
  setup_options o;
  o.overrides = {"15.00.04*FF:0002", "20.07.00*FF:230.5"};
  auto model = make_model(o);
  line l{model};
  l.send(iec61107::sign_on());
  l.send(iec61107::option_select('5', iec61107::session_mode::programming));
  CHECK(l.read("200700FF") == "230.5");
  l.send(iec61107::command_message("P1", "(00000000)"));
  CHECK(l.write("60010AFF", "x") == hex("02 28 30 33 29 03 01"));
  CHECK(l.write("000901FF", "101010") == hex("02 28 30 33 29 03 01"));
}

TEST_CASE("several meters on one line answer to their addresses only") {
  setup_options o;
  o.meters = {"00000201", "202:PASSWORD"};
  o.overrides = {"00000201@20.07.00*FF:229.1", "202@20.07.00*FF:232.2"};
  auto model = make_model(o);
  line l{model};
  CHECK(l.send(iec61107::sign_on()).empty()); // without an address nobody answers on a bus
  CHECK(l.send(iec61107::sign_on("00000203")).empty());
  l.open("00000202", "PASSWORD");
  CHECK(l.read("200700FF") == "232.2");
  CHECK(l.read("600101FF") == "00000202");
  l.send(iec61107::break_message());
  l.open("201"); // IEC 62056-21: leading zeros of the address may go
  CHECK(l.read("200700FF") == "229.1");
  CHECK(l.read("600100FF") != model.meters()[1].read(0x600100FF, april_14_10am).value()); // own serial numbers
  // A new address is the one the meter answers to from then on.
  CHECK(l.write("600101FF", "00000777") == hex("06"));
  l.send(iec61107::break_message());
  CHECK(l.send(iec61107::sign_on("00000201")).empty());
  CHECK(l.send(iec61107::sign_on("00000777")) == "/TPC5NEVAMT324.2303\r\n");
}

TEST_CASE("overrides: ranges on the F group, hex in any case, values files, later wins") {
  setup_options o;
  o.values_text = "# a staged meter\n"
                  "60.01.0A*FF   Kitchen board 3\n"
                  "\n"
                  "0f.80.80*[00..7f] 000100.00,000100.00,000000.00,000000.00,000000.00\n"
                  "1F0700FF 5.000\r\n";
  o.overrides = {"0F.80.80*[02..03]:000050.00,000050.00,000000.00,000000.00,000000.00", "1F.07.00*FF:6.000"};
  auto model = make_model(o);
  line l{model};
  l.open();
  CHECK(l.read("60010AFF") == "Kitchen board 3");
  CHECK(l.read("0F808000") == "000100.00,000100.00,000000.00,000000.00,000000.00");
  CHECK(l.read("0F80807F") == "000100.00,000100.00,000000.00,000000.00,000000.00");
  CHECK(l.read("0F808002") == "000050.00,000050.00,000000.00,000000.00,000000.00");
  CHECK(l.read("0F808004") == "000100.00,000100.00,000000.00,000000.00,000000.00");
  CHECK(l.read("1F0700FF") == "6.000");
  CHECK(l.write("1F0700FF", "7.000") == hex("02 28 30 33 29 03 01")); // overridden, still read-only
}

TEST_CASE("identification, optical rate decision and readout mode") {
  setup_options o;
  o.ident = "TPC3NEVAMT123.1101";
  o.optical = true;
  auto model = make_model(o);
  line l{model};
  CHECK(l.send(iec61107::sign_on()) == "/TPC3NEVAMT123.1101\r\n");
  l.send(iec61107::option_select('3', iec61107::session_mode::programming));
  REQUIRE(l.last().baud);
  CHECK(*l.last().baud == 2400);
  l.send(iec61107::break_message());
  l.send(iec61107::sign_on());
  const auto block = l.send(iec61107::option_select('3', iec61107::session_mode::readout));
  REQUIRE(block.size() > 4);
  CHECK(block.front() == iec61107::stx);
  CHECK(block.find("000902FF(240414)\r\n") != std::string::npos);
  CHECK(block.substr(block.size() - 5, 4) == "!\r\n\x03");
  CHECK(static_cast<std::uint8_t>(block.back()) == iec61107::block_check(block.substr(1, block.size() - 2)));
  CHECK(l.session().at == session_state::phase::idle);
}

TEST_CASE("a session ends after the inactivity timeout") {
  auto model = make_model(with_voltage());
  line l{model};
  l.open();
  CHECK(l.read("200700FF", april_14_10am + 100) == "230.5");
  CHECK(l.send(iec61107::command_message("R1", "200700FF()"), april_14_10am + 221).empty());
}

TEST_CASE("instantaneous values: P = U·I·pf per phase, the phases add up, MT324 formats") {
  setup_options o;
  o.session_timeout = 365 * seconds_per_day;
  auto model = make_model(o);
  line l{model};
  l.open();
  for (local_seconds t = april_14_10am; t < april_14_10am + 3 * 3600; t += 1234) {
    double sum = 0;
    for (const auto& [p, u, i, pf] : {std::array{"240700FF", "200700FF", "1F0700FF", "2107FFFF"},
                                      std::array{"380700FF", "340700FF", "330700FF", "3507FFFF"},
                                      std::array{"4C0700FF", "480700FF", "470700FF", "4907FFFF"}}) {
      const auto power = l.read(p, t), volts = l.read(u, t), amps = l.read(i, t), factor = l.read(pf, t);
      CHECK(power.size() == 7);
      CHECK(power[5] == '.');
      CHECK(factor.size() == 6);
      CHECK(factor[0] == '1'); // inductive
      const double watts = std::stod(power), cos_phi = std::stod(factor.substr(1));
      CHECK(std::stod(volts) > 225);
      CHECK(std::stod(volts) < 235);
      CHECK(cos_phi >= 0.9);
      CHECK(std::stod(volts) * std::stod(amps) * cos_phi == Approx(watts).epsilon(0.002).margin(0.3));
      sum += watts;
    }
    CHECK(std::stod(l.read("100700FF", t)) == Approx(sum).margin(0.05));
    CHECK(std::stod(l.read("0E0701FF", t)) == Approx(50).margin(0.06));
    CHECK(l.read("0E0701FF", t).size() == 9);
    CHECK(l.read("600900FF", t).size() == 3);
  }
  CHECK(l.read("600104FF") == "000V0201");
  CHECK(l.read("600500FF") == "0000");
  CHECK(l.read("600100FF").size() == 8);
  CHECK(l.read("000905FF") == "01"); // Sunday
}

TEST_CASE("bad configuration stops the imitator with the option and the reason") {
  const auto fails = [](setup_options o, const std::string& part) {
    auto model = build_model(o);
    REQUIRE_FALSE(model);
    CHECK_THAT(describe(model.error()), Catch::Contains(part));
  };
  setup_options o;
  o.meters = {"1", "00000001"};
  fails(o, "used twice");
  o.meters = {"123456789"};
  fails(o, "1 to 8 digits");
  o.meters = {"1:short"};
  fails(o, "8 printable");
  o = {};
  o.overrides = {"0A.01.64*FF:070001"};
  fails(o, "does not fit register 0A.01.64*FF");
  o.overrides = {"1F.07.00:5"};
  fails(o, "is no register");
  o = {};
  o.values_text = "1F.07.00*FF 5\n1F.07 5\n";
  fails(o, "line 2");
  o = {};
  o.ident = "NEVA";
  fails(o, "--ident");
}

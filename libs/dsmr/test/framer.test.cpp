#include "meterhub/dsmr/framer.hpp"

#include <catch2/catch.hpp>

#include "data.hpp"

using namespace meterhub::dsmr;

namespace {

std::vector<raw_frame> drain(telegram_framer& f) {
  std::vector<raw_frame> out;
  while (auto frame = f.next())
    out.push_back(std::move(*frame));
  return out;
}

} // namespace

TEST_CASE("a telegram split at every possible read boundary comes out whole") {
  const auto telegram = telegram_file("dsmr5-three-phase-gas.txt");
  for (std::size_t cut = 0; cut <= telegram.size(); ++cut) {
    telegram_framer f;
    f.feed(std::string_view{telegram}.substr(0, cut));
    f.feed(std::string_view{telegram}.substr(cut));
    auto frames = drain(f);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].text == telegram);
    CHECK(frames[0].has_end);
  }
  telegram_framer bytewise;
  for (char c : telegram)
    bytewise.feed(std::string_view{&c, 1});
  auto frames = drain(bytewise);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].text == telegram);
}

TEST_CASE("garbage between telegrams is dropped and counted, '/' and '!' inside lines do not frame") {
  const auto a = telegram_file("dsmr5-three-phase-gas.txt");
  const auto b = telegram_file("han-se-t211.txt");
  telegram_framer f;
  f.feed("\xff\xff\xff  25803103\r\n" + a + "junk\r\n" + b);
  auto frames = drain(f);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].text == a);
  CHECK(frames[1].text == b);
  CHECK(f.dropped_bytes() == 21);
  telegram_framer inner;
  inner.feed("/XYZ5 test\r\n0-0:96.13.0(test-/-test! ok)\r\n!ABCD\r\n");
  auto one = drain(inner);
  REQUIRE(one.size() == 1);
  CHECK(one[0].text.find("test-/-test!") != std::string::npos);
}

TEST_CASE("a telegram without an end line is closed by the next header or an idle gap") {
  telegram_framer f;
  f.feed("/ISK5 cut\r\n1-0:1.8.1(000001.000*kWh)\r\n/ISK5 next\r\n1-0:1.8.1(000002.000*kWh)\r\n");
  auto first = drain(f);
  REQUIRE(first.size() == 1);
  CHECK_FALSE(first[0].has_end);
  f.flush_idle();
  auto second = drain(f);
  REQUIRE(second.size() == 1);
  CHECK_FALSE(second[0].has_end);
  CHECK(second[0].text.find("next") != std::string::npos);
}

TEST_CASE("an end line without CR LF is completed by the idle gap or the next header") {
  telegram_framer f;
  f.feed("/AAA5 x\r\n1-0:1.8.1(1*kWh)\r\n!1234");
  CHECK(drain(f).empty());
  f.flush_idle();
  auto frames = drain(f);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].text == "/AAA5 x\r\n1-0:1.8.1(1*kWh)\r\n!1234");
  f.feed("/AAA5 y\r\n!12/AAA5 z\r\n!\r\n");
  frames = drain(f);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].text == "/AAA5 y\r\n!12");
}

TEST_CASE("oversized input and endless frames use bounded memory and resynchronise") {
  telegram_framer f{{256, true}};
  f.feed("/HUGE5 x\r\n" + std::string(10'000, 'A') + "\r\n");
  CHECK(f.oversize_frames() == 1);
  const auto good = telegram_file("crc-three-lowercase.txt");
  f.feed(good);
  auto frames = drain(f);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].text == good);
}

TEST_CASE("bit 7 is cleared for 7E1 data read as 8N1, and only when asked") {
  std::string with_parity = "/ABC5 x\r\n!\r\n";
  for (auto& c : with_parity)
    c = static_cast<char>(c | 0x80);
  telegram_framer f;
  f.feed(with_parity);
  auto frames = drain(f);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].text == "/ABC5 x\r\n!\r\n");
  telegram_framer raw{{8192, false}};
  raw.feed(with_parity);
  CHECK(drain(raw).empty());
}

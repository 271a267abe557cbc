#include "decoder.hpp"

#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

using namespace meterhub;
using namespace meterhub::p1;

namespace {

std::string data(const std::string& name) {
  std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/dsmr/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("a bad CRC is rejected with the expected and received values named") {
  auto text = data("han-se-t211.txt");
  text[text.find("240.3")] = '9';
  telegram_decoder d{{}};
  d.feed(text);
  auto t = d.next(0);
  REQUIRE(t);
  CHECK_FALSE(t->accepted);
  CHECK(t->counter == "crc");
  CHECK(t->problem.find("CRC mismatch: expected ") == 0);
  CHECK(t->problem.find(", received ") != std::string::npos);
}

TEST_CASE("publish switches drop whole groups of values") {
  decoder_options opts;
  opts.publish[static_cast<std::size_t>(dsmr::value_group::voltage)] = false;
  opts.publish[static_cast<std::size_t>(dsmr::value_group::other)] = false;
  telegram_decoder d{opts};
  d.feed(data("dsmr5-three-phase-gas.txt"));
  auto t = d.next(0);
  REQUIRE(t);
  REQUIRE(t->accepted);
  CHECK(t->equipment_id == "E0043007123456719");
  for (const auto& r : t->readings) {
    CHECK(dsmr::classify(r) != dsmr::value_group::voltage);
    CHECK(dsmr::classify(r) != dsmr::value_group::other);
  }
  CHECK(t->readings.size() == 15); // 4 energy, 2 active power, 6 per-phase power, 3 currents
}

TEST_CASE("encrypted ports are decrypted, and a wrong key is counted, not crashed on") {
  decoder_options opts;
  opts.keys = dsmr::smarty_keys{*dsmr::parse_aes_key("000102030405060708090A0B0C0D0E0F"),
                                dsmr::smarty_default_auth_key};
  const auto frame = dsmr::encrypt_smarty(data("smarty-lu-plain.txt"), *opts.keys, "SAG12345", 9);
  telegram_decoder good{opts};
  good.feed(frame);
  auto t = good.next(0);
  REQUIRE(t);
  CHECK(t->accepted);
  CHECK(t->kind == dsmr::dialect::smarty);
  auto wrong = opts;
  wrong.keys->encryption_key[3] ^= 0xFF;
  telegram_decoder bad{wrong};
  bad.feed(frame);
  auto refused = bad.next(0);
  REQUIRE(refused);
  CHECK_FALSE(refused->accepted);
  CHECK(refused->counter == "decrypt");
}

TEST_CASE("device ids come from the equipment id") {
  CHECK(device_id_for("E0043007123456719", "/dev/ttyUSB0") == "p1-e0043007123456719");
  CHECK(device_id_for("", "/dev/ttyUSB0") == "p1-dev-ttyusb0");
  CHECK(device_id_for("3153 4141", "x") == "p1-3153-4141");
  CHECK(is_valid_device_id(device_id_for("", "tcp://10.0.0.5:2001")));
}

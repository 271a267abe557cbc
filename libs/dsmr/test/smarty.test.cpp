#include "meterhub/dsmr/smarty.hpp"

#include <catch2/catch.hpp>

#include "data.hpp"
#include "meterhub/core/error.hpp"
#include "meterhub/dsmr/telegram.hpp"

using namespace meterhub;
using namespace meterhub::dsmr;

namespace {

smarty_keys test_keys() {
  return smarty_keys{*parse_aes_key("000102030405060708090A0B0C0D0E0F"), smarty_default_auth_key};
}

} // namespace

TEST_CASE("the envelope header matches the spec's worked example layout") {
  const std::string plain(284, 'x');
  auto frame = encrypt_smarty(plain, test_keys(), "SAG00001", 42);
  REQUIRE(frame.size() == 314);
  CHECK(frame.substr(0, 13) == std::string("\xDB\x08SAG00001\x82\x01\x2D", 13));
  auto env = parse_envelope(frame);
  REQUIRE(env);
  CHECK(env->system_title == "SAG00001");
  CHECK(env->frame_counter == 42);
  CHECK(env->ciphertext.size() == 284);
}

TEST_CASE("decryption with the right key gives the telegram back, wrong key and tampering are refused") {
  const auto telegram = telegram_file("smarty-lu-plain.txt");
  auto frame = encrypt_smarty(telegram, test_keys(), "SAG12345", 7);
  auto plain = decrypt_smarty(frame, test_keys());
  REQUIRE(plain);
  CHECK(*plain == telegram);
  CHECK(parse_telegram(*plain)->crc == crc_status::valid);

  auto wrong = test_keys();
  wrong.encryption_key[0] ^= 1;
  auto refused = decrypt_smarty(frame, wrong);
  REQUIRE_FALSE(refused);
  CHECK(describe(refused.error()).find("dsmr: decryption_failed") == 0);

  auto tampered = frame;
  tampered[tampered.size() - 1] ^= 0x01; // the tag
  CHECK_FALSE(decrypt_smarty(tampered, test_keys()));
  auto flipped = frame;
  flipped[40] ^= 0x01; // the ciphertext
  CHECK_FALSE(decrypt_smarty(flipped, test_keys()));

  auto wrong_aad = test_keys();
  wrong_aad.auth_key = std::nullopt;
  CHECK_FALSE(decrypt_smarty(frame, wrong_aad));
}

TEST_CASE("producers without AAD are supported") {
  smarty_keys keys = test_keys();
  keys.auth_key = std::nullopt;
  auto frame = encrypt_smarty("/Lux5 x\r\n!0000\r\n", keys, "LUX00001", 1);
  auto plain = decrypt_smarty(frame, keys);
  REQUIRE(plain);
  CHECK(*plain == "/Lux5 x\r\n!0000\r\n");
}

TEST_CASE("the Smarty framer finds envelopes in a byte stream split anywhere") {
  auto a = encrypt_smarty(telegram_file("smarty-lu-plain.txt"), test_keys(), "SAG12345", 1);
  auto b = encrypt_smarty(telegram_file("smarty-lu-plain.txt"), test_keys(), "SAG12345", 2);
  const std::string stream = "\x00\xDB\x01garbage" + a + "\xDB\x08zz" + b;
  for (std::size_t cut : {std::size_t{1}, std::size_t{13}, a.size() / 2, stream.size() - 5}) {
    smarty_framer f;
    f.feed(std::string_view{stream}.substr(0, cut));
    std::vector<std::string> frames;
    while (auto fr = f.next())
      frames.push_back(*fr);
    f.feed(std::string_view{stream}.substr(cut));
    while (auto fr = f.next())
      frames.push_back(*fr);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0] == a);
    CHECK(frames[1] == b);
  }
}

TEST_CASE("keys parse from 32 hex digits only") {
  CHECK(parse_aes_key("00112233445566778899aabbccddeeff") == smarty_default_auth_key);
  CHECK_FALSE(parse_aes_key("0011"));
  CHECK_FALSE(parse_aes_key("zz112233445566778899aabbccddeeff"));
}

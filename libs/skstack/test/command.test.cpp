#include "meterhub/skstack/command.hpp"

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::skstack;
using test::bytes_of;
using test::error_of;

namespace {

ipv6_address meter() {
  return *parse_ipv6(test::meter_ip);
}

} // namespace

TEST_CASE("simple commands end with CR LF") {
  CHECK(encode_reset() == bytes_of("SKRESET\r\n"));
  CHECK(encode_info() == bytes_of("SKINFO\r\n"));
  CHECK(encode_version() == bytes_of("SKVER\r\n"));
  CHECK(encode_version(true) == bytes_of("SKAPPVER\r\n"));
  CHECK(encode_terminate() == bytes_of("SKTERM\r\n"));
  CHECK(encode_set_register("SFE", "0") == bytes_of("SKSREG SFE 0\r\n"));
  CHECK(encode_set_register("SA2", "1") == bytes_of("SKSREG SA2 1\r\n"));
}

TEST_CASE("ROPT and WOPT end with CR alone") {
  CHECK(encode_read_option() == bytes_of("ROPT\r"));
  CHECK(encode_write_option(data_format::hex) == bytes_of("WOPT 01\r"));
  CHECK(encode_write_option(data_format::binary) == bytes_of("WOPT 00\r"));
}

TEST_CASE("SKSETPWD gives the length in hex") {
  CHECK(*encode_set_password("0123456789AB") == bytes_of("SKSETPWD C 0123456789AB\r\n"));
  CHECK(*encode_set_password(std::string(32, 'x')) == bytes_of("SKSETPWD 20 " + std::string(32, 'x') + "\r\n"));
  CHECK(error_of(encode_set_password("")) == skstack_errc::bad_argument);
  CHECK(error_of(encode_set_password(std::string(33, 'x'))) == skstack_errc::bad_argument);
}

TEST_CASE("SKSETRBID takes exactly 32 characters") {
  const std::string id = "00112233445566778899AABBCCDDEEFF";
  CHECK(*encode_set_route_b_id(id) == bytes_of("SKSETRBID " + id + "\r\n"));
  CHECK(error_of(encode_set_route_b_id(id.substr(1))) == skstack_errc::bad_argument);
}

TEST_CASE("SKSCAN adds the side on BP35C2") {
  CHECK(*encode_scan(module_model::bp35a1, 6) == bytes_of("SKSCAN 2 FFFFFFFF 6\r\n"));
  CHECK(*encode_scan(module_model::bp35c2, 6) == bytes_of("SKSCAN 2 FFFFFFFF 6 0\r\n"));
  CHECK(*encode_scan(module_model::bp35a1, 14, 0x0000000F) == bytes_of("SKSCAN 2 0000000F E\r\n"));
  CHECK(error_of(encode_scan(module_model::bp35a1, 15)) == skstack_errc::bad_argument);
}

TEST_CASE("SKSREG S2 is unpadded hex, S3 four hex digits, SKLL64 sixteen") {
  CHECK(encode_set_channel(0x21) == bytes_of("SKSREG S2 21\r\n"));
  CHECK(encode_set_pan_id(0x8888) == bytes_of("SKSREG S3 8888\r\n"));
  CHECK(encode_set_pan_id(0x00AB) == bytes_of("SKSREG S3 00AB\r\n"));
  CHECK(encode_ll64(0x001D129012345678) == bytes_of("SKLL64 001D129012345678\r\n"));
  CHECK(encode_join(meter()) == bytes_of("SKJOIN FE80:0000:0000:0000:021D:1290:1234:5678\r\n"));
}

TEST_CASE("SKSENDTO is the spec's example byte for byte in both models") {
  const std::vector<std::uint8_t> payload{0x10, 0x81, 0x00, 0x01, 0x05, 0xFF, 0x01,
                                          0x02, 0x88, 0x01, 0x62, 0x01, 0xE7, 0x00};
  auto a1 = bytes_of("SKSENDTO 1 FE80:0000:0000:0000:021D:1290:1234:5678 0E1A 1 000E ");
  a1.insert(a1.end(), payload.begin(), payload.end());
  CHECK(*encode_send_to(module_model::bp35a1, meter(), echonet_port, 1, payload) == a1);
  auto c2 = bytes_of("SKSENDTO 1 FE80:0000:0000:0000:021D:1290:1234:5678 0E1A 1 0 000E ");
  c2.insert(c2.end(), payload.begin(), payload.end());
  CHECK(*encode_send_to(module_model::bp35c2, meter(), echonet_port, 1, payload) == c2);
}

TEST_CASE("SKSENDTO payload bytes go out raw, CR LF included, and bad arguments are refused") {
  const std::vector<std::uint8_t> payload{0x0D, 0x0A};
  auto expected = bytes_of("SKSENDTO 1 FE80:0000:0000:0000:021D:1290:1234:5678 0E1A 2 0002 \r\n");
  CHECK(*encode_send_to(module_model::bp35a1, meter(), echonet_port, 2, payload) == expected);
  CHECK(error_of(encode_send_to(module_model::bp35a1, meter(), echonet_port, 2, {})) == skstack_errc::bad_argument);
  CHECK(error_of(encode_send_to(module_model::bp35a1, meter(), echonet_port, 3, payload))
        == skstack_errc::bad_argument);
}

#include <catch2/catch.hpp>

#include "meterhub/iec61107/frames.hpp"

using namespace meterhub::iec61107;

namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values)
    out += static_cast<char>(v);
  return out;
}

} // namespace

TEST_CASE("the block check character is the XOR after SOH/STX through ETX (spec §3 worked example)", "[frames]") {
  const auto read = command_message("R1", data_set("200700FF", ""));
  CHECK(read == bytes({0x01, 0x52, 0x31, 0x02, 0x32, 0x30, 0x30, 0x37, 0x30, 0x30, 0x46, 0x46, 0x28, 0x29, 0x03,
                       0x66}));
  CHECK(block_check(std::string_view{read}.substr(1, read.size() - 2)) == 0x66);
  // The error reply "(01)" of wb-mqtt-serial's capture: its BCC happens to equal ETX.
  CHECK(block_check(bytes({0x28, 0x30, 0x31, 0x29, 0x03})) == 0x03);
}

TEST_CASE("the reading side's messages are byte-exact", "[frames]") {
  CHECK(sign_on() == "/?!\r\n");
  CHECK(sign_on("00000201") == "/?00000201!\r\n");
  CHECK(option_select('5', session_mode::programming) == bytes({0x06, 0x30, 0x35, 0x31, 0x0D, 0x0A}));
  CHECK(option_select('5', session_mode::readout) == bytes({0x06, 0x30, 0x35, 0x30, 0x0D, 0x0A}));
  CHECK(break_message() == bytes({0x01, 0x42, 0x30, 0x03, 0x71}));
  const auto password = command_message("P1", data_set("", "00000000"));
  CHECK(password.substr(0, 15) == "\x01P1\x02(00000000)\x03");
  CHECK(static_cast<std::uint8_t>(password.back()) == block_check(std::string_view{password}.substr(1, 14)));
  CHECK(command_message("W1", data_set("00090100", "123000")).substr(0, 21) == "\x01W1\x02" "00090100(123000)\x03");
}

TEST_CASE("baud characters map both ways and refuse the rest", "[frames]") {
  CHECK(baud_of('0') == 300);
  CHECK(baud_of('3') == 2400);
  CHECK(baud_of('5') == 9600);
  CHECK(baud_of('6') == 19200);
  CHECK_FALSE(baud_of('7'));
  CHECK_FALSE(baud_of('A'));
  CHECK(baud_char_of(9600) == '5');
  CHECK(baud_char_of(300) == '0');
  CHECK_FALSE(baud_char_of(115200));
}

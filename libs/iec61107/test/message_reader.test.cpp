#include <catch2/catch.hpp>

#include "meterhub/iec61107/error.hpp"
#include "meterhub/iec61107/frames.hpp"
#include "meterhub/iec61107/message_reader.hpp"

using namespace meterhub::iec61107;

namespace {

/// STX data ETX BCC, as a meter sends a reply.
std::string reply(std::string_view data) {
  std::string body{data};
  body += etx;
  return std::string{stx} + body + static_cast<char>(block_check(body));
}

std::vector<caf::expected<message>> drain(message_reader& r) {
  std::vector<caf::expected<message>> out;
  while (auto m = r.next())
    out.push_back(std::move(*m));
  return out;
}

} // namespace

TEST_CASE("every kind of message the meter sends comes out whole", "[reader]") {
  message_reader r;
  const std::string p0 = command_message("P0", "(00000000)");
  r.feed("/TPC5NEVAMT324.2303\r\n" + p0 + std::string{ack} + reply("200700FF(230.1)") + std::string{nak} + "\x07");
  auto ms = drain(r);
  REQUIRE(ms.size() == 6);
  CHECK(ms[0]->kind == message_kind::identification);
  CHECK(ms[0]->ident.ident == "NEVAMT324.2303");
  CHECK(ms[1]->kind == message_kind::command);
  CHECK(ms[1]->command == "P0");
  CHECK(ms[1]->data == "(00000000)");
  CHECK(ms[2]->kind == message_kind::ack);
  CHECK(ms[3]->kind == message_kind::data);
  CHECK(ms[3]->data == "200700FF(230.1)");
  CHECK(ms[4]->kind == message_kind::nak);
  CHECK(ms[5]->kind == message_kind::stray);
  CHECK(ms[5]->byte == '\x07');
}

TEST_CASE("a message split at every possible boundary reads the same", "[reader]") {
  const std::string stream = "/TPC5NEVAMT324.2303\r\n" + reply("0F0880FF(001234.56,000800.00,000434.56,0,0)");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    message_reader r;
    r.feed(std::string_view{stream}.substr(0, cut));
    r.feed(std::string_view{stream}.substr(cut));
    auto ms = drain(r);
    REQUIRE(ms.size() == 2);
    CHECK(ms[1]->data == "0F0880FF(001234.56,000800.00,000434.56,0,0)");
  }
}

TEST_CASE("a BCC equal to ETX, ACK or NAK is read as the check, not as a message", "[reader]") {
  // "(01)" has BCC 0x03; find data whose BCC is 0x06 and 0x15 by varying one character.
  message_reader r;
  r.feed(reply("(01)"));
  auto ms = drain(r);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0]->data == "(01)");
  for (int target : {0x06, 0x15}) {
    std::string data = "100700FF(00015.4)X";
    for (int c = 0x20; c < 0x7F; ++c) {
      data.back() = static_cast<char>(c);
      if (block_check(data + etx) == target)
        break;
    }
    REQUIRE(block_check(data + etx) == target);
    r.feed(reply(data));
    auto got = drain(r);
    REQUIRE(got.size() == 1);
    CHECK(got[0]->data == data);
  }
}

TEST_CASE("a wrong BCC is an error in the message's place and the stream stays in step", "[reader]") {
  message_reader r;
  std::string bad = reply("200700FF(230.1)");
  bad.back() ^= 0x01;
  r.feed(bad + reply("200700FF(230.2)"));
  auto ms = drain(r);
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].error() == iec61107_errc::bad_bcc);
  CHECK(ms[1]->data == "200700FF(230.2)");
}

TEST_CASE("parity bits of 7E1 read as 8N1 are cleared, oversize messages dropped, reset forgets", "[reader]") {
  message_reader r;
  std::string with_parity;
  for (char c : reply("200700FF(230.1)"))
    with_parity += static_cast<char>(c | 0x80);
  r.feed(with_parity);
  CHECK(drain(r).at(0)->data == "200700FF(230.1)");

  message_reader small{reader_options{8, true}};
  small.feed(reply("200700FF(230.1)"));
  auto ms = drain(small);
  REQUIRE_FALSE(ms.empty());
  CHECK(ms[0].error() == iec61107_errc::malformed_message);

  r.feed(std::string{stx} + "2007");
  CHECK(r.in_message());
  r.reset();
  CHECK_FALSE(r.in_message());
  r.feed(reply("(01)"));
  CHECK(drain(r).at(0)->data == "(01)");
}

TEST_CASE("a block ended by EOT is marked partial", "[reader]") {
  message_reader r;
  std::string body = "1.8.0(1)\r\n";
  body += eot;
  r.feed(std::string{stx} + body + static_cast<char>(block_check(body)));
  auto ms = drain(r);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0]->partial);
  CHECK(ms[0]->data == "1.8.0(1)\r\n");
}

TEST_CASE("in the meter's role the reader takes sign-ons, option selects and commands", "[reader]") {
  message_reader r{reader_options{1024, true, reader_role::meter}};
  r.feed("/?!\r\n/?00000201!\r\n");
  r.feed(option_select('5', session_mode::programming));
  r.feed(command_message("R1", "200700FF()") + break_message());
  r.feed(std::string{ack} + "x");
  auto ms = drain(r);
  REQUIRE(ms.size() == 7);
  CHECK(ms[0]->kind == message_kind::sign_on);
  CHECK(ms[0]->address.empty());
  CHECK(ms[1]->address == "00000201");
  CHECK(ms[2]->kind == message_kind::option_select);
  CHECK(ms[2]->baud_char == '5');
  CHECK(ms[2]->mode == '1');
  CHECK(ms[3]->command == "R1");
  CHECK(ms[3]->data == "200700FF()");
  CHECK(ms[4]->command == "B0");
  CHECK(ms[5]->kind == message_kind::ack);
  CHECK(ms[6]->kind == message_kind::stray);
}

TEST_CASE("malformed sign-ons and option selects are errors, and runaway lines end early", "[reader]") {
  message_reader r{reader_options{1024, true, reader_role::meter}};
  r.feed("/X!\r\n");
  r.feed(std::string{ack} + "05\r\n");
  auto ms = drain(r);
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].error() == iec61107_errc::malformed_message);
  CHECK(ms[1].error() == iec61107_errc::malformed_message);
  message_reader idents;
  idents.feed("/" + std::string(100, 'A'));
  auto runaway = drain(idents);
  REQUIRE_FALSE(runaway.empty());
  CHECK(runaway[0].error() == iec61107_errc::malformed_message);
}

TEST_CASE("a capture of both directions reads every message of either side", "[reader]") {
  message_reader r{reader_options{1024, true, reader_role::capture}};
  r.feed("/?!\r\n/TPC5NEVAMT324.2303\r\n" + option_select('5', session_mode::programming) +
         command_message("P0", "(00000000)") + command_message("P1", "(00000000)") + std::string{ack} +
         command_message("R1", "200700FF()") + reply("200700FF(230.1)") + break_message());
  std::vector<message_kind> kinds;
  for (auto& m : drain(r)) {
    REQUIRE(m);
    kinds.push_back(m->kind);
  }
  CHECK(kinds == std::vector<message_kind>{message_kind::sign_on, message_kind::identification,
                                           message_kind::option_select, message_kind::command,
                                           message_kind::command, message_kind::ack, message_kind::command,
                                           message_kind::data, message_kind::command});
}

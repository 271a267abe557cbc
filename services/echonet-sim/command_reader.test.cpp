#include "command_reader.hpp"

#include <catch2/catch.hpp>

using namespace meterhub;
using namespace meterhub::echonet_sim;

namespace {

std::vector<command_input> all(command_reader& r) {
  std::vector<command_input> out;
  while (auto c = r.next())
    out.push_back(*c);
  return out;
}

} // namespace

TEST_CASE("commands end with CR LF, CR alone or LF alone, and the LF after a CR is dropped") {
  command_reader r{skstack::module_model::bp35a1};
  r.feed("ROPT\rSKINFO\r\nSKVER\n\r\n");
  const auto got = all(r);
  REQUIRE(got.size() == 4);
  CHECK(got[0].text == "ROPT");
  CHECK(got[1].text == "SKINFO");
  CHECK(got[2].text == "SKVER");
  CHECK(got[3].text.empty()); // the empty line
}

TEST_CASE("the LF of a CR LF split across two reads is still dropped") {
  command_reader r{skstack::module_model::bp35a1};
  r.feed("WOPT 01\r");
  REQUIRE(r.next()->text == "WOPT 01");
  CHECK_FALSE(r.next());
  r.feed("\nSKINFO\r\n");
  const auto next = r.next();
  REQUIRE(next);
  CHECK(next->text == "SKINFO");
}

TEST_CASE("SKSENDTO data is read by count and may hold CR LF") {
  for (const auto model : {skstack::module_model::bp35a1, skstack::module_model::bp35c2}) {
    command_reader r{model};
    const std::string header = model == skstack::module_model::bp35a1
                                 ? "SKSENDTO 1 FE80:0000:0000:0000:021D:1290:1234:5678 0E1A 2 0004"
                                 : "SKSENDTO 1 FE80:0000:0000:0000:021D:1290:1234:5678 0E1A 2 0 0004";
    const std::string data{"\x0D\x0A\x10\x81", 4};
    // byte by byte, as a slow UART delivers it
    for (const char c : header + " " + data.substr(0, 3)) {
      r.feed(std::string_view{&c, 1});
      CHECK_FALSE(r.next());
    }
    r.feed(data.substr(3) + "SKINFO\r\n");
    const auto got = all(r);
    REQUIRE(got.size() == 2);
    CHECK(got[0].send);
    CHECK(got[0].text == header);
    CHECK(got[0].payload == std::vector<std::uint8_t>{0x0D, 0x0A, 0x10, 0x81});
    CHECK(got[1].text == "SKINFO");
  }
}

TEST_CASE("a SKSENDTO that ends as a line or has a bad length token is flagged for the module") {
  command_reader r{skstack::module_model::bp35a1};
  r.feed("SKSENDTO 1 FE80::1 0E1A\r\n");
  const auto short_one = r.next();
  REQUIRE(short_one);
  CHECK_FALSE(short_one->send);
  CHECK(short_one->text == "SKSENDTO 1 FE80::1 0E1A");
  r.feed("SKSENDTO 1 FE80::1 0E1A 2 14 xx");
  const auto bad = r.next();
  REQUIRE(bad);
  CHECK(bad->bad_length);
}

TEST_CASE("an overlong line without terminator is dropped once") {
  command_reader r{skstack::module_model::bp35a1, 16};
  r.feed(std::string(40, 'A'));
  const auto c = r.next();
  REQUIRE(c);
  CHECK(c->overlong);
  CHECK_FALSE(r.next());
}

// Client allowlist: CIDR parsing with its reasons, matching IPv4, IPv6 and IPv4-mapped addresses.
#include <catch2/catch.hpp>

#include <arpa/inet.h>

#include "meterhub/core/error.hpp"
#include "meterhub/modbus_export/allowlist.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;

namespace {

std::vector<std::uint8_t> v4(const char* text) {
  std::vector<std::uint8_t> out(4);
  REQUIRE(::inet_pton(AF_INET, text, out.data()) == 1);
  return out;
}

std::vector<std::uint8_t> v6(const char* text) {
  std::vector<std::uint8_t> out(16);
  REQUIRE(::inet_pton(AF_INET6, text, out.data()) == 1);
  return out;
}

} // namespace

TEST_CASE("address blocks parse with and without a prefix", "[allowlist]") {
  auto net = parse_address_block("10.0.0.0/8");
  REQUIRE(net);
  CHECK_FALSE(net->v6);
  CHECK(net->prefix == 8);
  CHECK(net->bytes[0] == 10);
  auto host = parse_address_block("192.168.1.20");
  REQUIRE(host);
  CHECK(host->prefix == 32);
  auto six = parse_address_block("fd00::/8");
  REQUIRE(six);
  CHECK(six->v6);
  CHECK(six->prefix == 8);
  CHECK(parse_address_block("::1")->prefix == 128);
  CHECK(parse_address_block("0.0.0.0/0")->prefix == 0);
}

TEST_CASE("bad address blocks say why", "[allowlist]") {
  CHECK(address_block_problem("10.0.0.0/8").empty());
  CHECK(address_block_problem("scada.local") == "expected an IPv4 or IPv6 address with an optional /prefix");
  CHECK(address_block_problem("10.0.0.0/33") == "the prefix must be a number from 0 to 32");
  CHECK(address_block_problem("10.0.0.0/") == "the prefix must be a number from 0 to 32");
  CHECK(address_block_problem("fd00::/129") == "the prefix must be a number from 0 to 128");
  CHECK(address_block_problem("10.1.2.3/8") == "bits are set past the /8 prefix");
  CHECK(describe(parse_address_block("10.1.2.3/8").error())
        == "mb_export: bad_settings: \"10.1.2.3/8\": bits are set past the /8 prefix");
  auto list = allowlist::parse({"127.0.0.1", "10.0.0.0/x"});
  REQUIRE_FALSE(list);
  CHECK(describe(list.error())
        == "mb_export: bad_settings: allow[1]: \"10.0.0.0/x\": the prefix must be a number from 0 to 32");
}

TEST_CASE("the allowlist admits what its blocks contain", "[allowlist]") {
  auto list = allowlist::parse({"10.20.0.0/14", "192.168.1.20", "fd00:1::/32"});
  REQUIRE(list);
  CHECK(list->admits(v4("10.20.0.1")));
  CHECK(list->admits(v4("10.23.255.255")));
  CHECK_FALSE(list->admits(v4("10.24.0.0")));
  CHECK(list->admits(v4("192.168.1.20")));
  CHECK_FALSE(list->admits(v4("192.168.1.21")));
  CHECK(list->admits(v6("fd00:1:ffff::5")));
  CHECK_FALSE(list->admits(v6("fd00:2::5")));
  CHECK(list->admits(v6("::ffff:10.21.3.4"))); // an IPv4 client of a dual-stack listener
  CHECK_FALSE(list->admits(v6("::ffff:127.0.0.1")));
  CHECK_FALSE(list->admits(std::vector<std::uint8_t>{10, 20})); // neither 4 nor 16 bytes
  CHECK(allowlist{}.admits(v4("203.0.113.9")));                  // empty: everyone
  auto any = allowlist::parse({"0.0.0.0/0"});
  CHECK(any->admits(v4("203.0.113.9")));
  CHECK_FALSE(any->admits(v6("2001:db8::1")));
}

#include "meterhub/vscp/guid.hpp"

#include <catch2/catch.hpp>

#include "meterhub/vscp/error.hpp"

using namespace meterhub::vscp;

namespace {

const mac_address test_mac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};

std::string error_text(const caf::error& err) {
  return meterhub::describe(err);
}

} // namespace

TEST_CASE("the MAC GUID carries the id high byte first") {
  CHECK(to_string(mac_guid(test_mac, 1)) == "FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:01");
  CHECK(to_string(mac_guid(test_mac, 26)) == "FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:1A");
  CHECK(to_string(mac_guid(test_mac, 0x1234)) == "FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:12:34");
  const mac_address lower{{0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}};
  CHECK(to_string(mac_guid(lower, 65535)) == "FF:FF:FF:FF:FF:FF:FF:FE:AA:BB:CC:DD:EE:FF:FF:FF");
  CHECK(to_string(mac_guid(test_mac, 1)).size() == 47);
}

TEST_CASE("a configured GUID gets the id in its two lowest bytes") {
  auto g = parse_guid("00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:00");
  REQUIRE(g);
  CHECK(to_string(with_id(*g, 21)) == "00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:15");
  CHECK(to_string(*event_guid(*g, test_mac, 3)) == "00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:03");
  CHECK(to_string(*event_guid(std::nullopt, test_mac, 3)) == "FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:03");
  CHECK_FALSE(event_guid(std::nullopt, std::nullopt, 3));
}

TEST_CASE("GUID strings are 16 groups of one hexadecimal byte") {
  auto g = parse_guid(" ff:0:1:a:AB:cd:EF:10:00:00:00:00:00:00:7:8 ");
  REQUIRE(g);
  CHECK(to_string(*g) == "FF:00:01:0A:AB:CD:EF:10:00:00:00:00:00:00:07:08");
  auto short_guid = parse_guid("00:11");
  REQUIRE_FALSE(short_guid);
  CHECK(short_guid.error().code() == static_cast<std::uint8_t>(vscp_errc::bad_guid));
  CHECK(error_text(short_guid.error()) == "vscp: bad_guid: '00:11': 2 groups, not 16");
  CHECK(error_text(parse_guid("00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:100").error()) ==
        "vscp: bad_guid: '00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:100': group 16 '100' is not one "
        "hexadecimal byte");
  CHECK(error_text(parse_guid("00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00").error()) ==
        "vscp: bad_guid: '00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00': more than 16 groups");
  CHECK_FALSE(parse_guid(""));
  CHECK_FALSE(parse_guid("00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:"));
  CHECK_FALSE(parse_guid("0g:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00"));
  CHECK_FALSE(parse_guid("''"));
}

TEST_CASE("MAC addresses with colons or dashes") {
  auto a = parse_mac("02:00:00:00:00:01");
  REQUIRE(a);
  CHECK(*a == test_mac);
  auto b = parse_mac("b8-27-EB-12-34-56");
  REQUIRE(b);
  CHECK(to_string(*b) == "B8:27:EB:12:34:56");
  auto bad = parse_mac("02:00:00:00:00");
  REQUIRE_FALSE(bad);
  CHECK(error_text(bad.error()) == "vscp: bad_mac: '02:00:00:00:00': 5 groups, not 6");
  CHECK_FALSE(parse_mac("02-00:00:00:00:01"));
}

TEST_CASE("the configured GUID warning names the original's MAC GUID") {
  auto g = parse_guid("00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:00:00");
  REQUIRE(g);
  CHECK(configured_guid_warning(*g, test_mac) ==
        "meterhub publishes under the configured GUID 00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:HI:LO (HI:LO = "
        "each value's id) as the README promises; vscp-python-p1-power-meter ignored a configured guid and "
        "published under FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:HI:LO, e.g. "
        "FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:01 for id 1");
  auto odd = parse_guid("00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:12:34");
  REQUIRE(odd);
  CHECK(configured_guid_warning(*odd, std::nullopt) ==
        "meterhub publishes under the configured GUID 00:00:00:00:00:00:00:00:00:00:00:00:FF:FF:HI:LO (HI:LO = "
        "each value's id) as the README promises; vscp-python-p1-power-meter ignored a configured guid and "
        "published under FF:FF:FF:FF:FF:FF:FF:FE:<MAC>:HI:LO, e.g. FF:FF:FF:FF:FF:FF:FF:FE:<MAC>:00:01 for id 1; "
        "the configured GUID's two lowest bytes 12:34 are replaced by the id");
}

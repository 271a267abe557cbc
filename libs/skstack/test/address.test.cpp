#include "meterhub/skstack/address.hpp"

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::skstack;
using test::error_of;

TEST_CASE("IPv6 addresses parse in full and compressed form and print in the module's form") {
  auto full = parse_ipv6("FE80:0000:0000:0000:021D:1290:1234:5678");
  REQUIRE(full);
  CHECK(to_string(*full) == "FE80:0000:0000:0000:021D:1290:1234:5678");
  auto lower = parse_ipv6("fe80::21d:1290:1234:5678");
  REQUIRE(lower);
  CHECK(*lower == *full);
  auto multicast = parse_ipv6("FF02::1");
  REQUIRE(multicast);
  CHECK(to_string(*multicast) == "FF02:0000:0000:0000:0000:0000:0000:0001");
  CHECK(is_multicast(*multicast));
  CHECK_FALSE(is_multicast(*full));
  CHECK(parse_ipv6("::"));
}

TEST_CASE("malformed IPv6 addresses are bad_address") {
  CHECK(error_of(parse_ipv6("FE80:0000:0000")) == skstack_errc::bad_address);
  CHECK(error_of(parse_ipv6("FE80:0000:0000:0000:021D:1290:1234:5678:0000")) == skstack_errc::bad_address);
  CHECK(error_of(parse_ipv6("FE80::12345")) == skstack_errc::bad_address);
  CHECK(error_of(parse_ipv6("FE80::G")) == skstack_errc::bad_address);
  CHECK(error_of(parse_ipv6("1::2::3")) == skstack_errc::bad_address);
  CHECK(error_of(parse_ipv6("")) == skstack_errc::bad_address);
}

TEST_CASE("the link-local address of a MAC flips bit 0x02 of its first byte") {
  CHECK(to_string(link_local_from_mac(0x001D129012345678)) == "FE80:0000:0000:0000:021D:1290:1234:5678");
  CHECK(to_string(link_local_from_mac(0x021D129012345678)) == "FE80:0000:0000:0000:001D:1290:1234:5678");
}

TEST_CASE("EINFO's last field tells the model") {
  CHECK(model_from_info(0xFFFE) == module_model::bp35a1);
  CHECK(model_from_info(0) == module_model::bp35c2);
  CHECK(model_from_info(1) == module_model::bp35c2);
}

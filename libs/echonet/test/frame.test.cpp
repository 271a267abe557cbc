#include "meterhub/echonet/frame.hpp"

#include <catch2/catch.hpp>

#include "meterhub/core/error.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::echonet;
using test::error_of;
using test::hex;

TEST_CASE("the spec's Get_Res for E7 decodes byte for byte") {
  const auto bytes = hex("1081000102880105FF017201E7040000019A");
  auto f = decode(bytes);
  REQUIRE(f);
  CHECK(f->tid == 1);
  CHECK(f->seoj == meter_eoj);
  CHECK(f->deoj == controller_eoj);
  CHECK(f->esv == esv::get_res);
  REQUIRE(f->properties.size() == 1);
  CHECK(f->properties[0] == property{0xE7, hex("0000019A")});
  CHECK(encode(*f) == bytes);
}

TEST_CASE("the spec's Get request for E7 encodes byte for byte") {
  const std::uint8_t epcs[] = {0xE7};
  const auto request = make_get(1, epcs);
  CHECK(encode(request) == hex("10 81 00 01 05 FF 01 02 88 01 62 01 E7 00"));
  auto response = decode(hex("1081000102880105FF017201E7040000019A"));
  REQUIRE(response);
  CHECK(is_response_to(request, *response));
}

TEST_CASE("a Get for several EPCs lists them in order with PDC 0") {
  const std::uint8_t epcs[] = {0xE0, 0xE3, 0xE7, 0xE8};
  CHECK(encode(make_get(0x1234, epcs)) == hex("1081 1234 05FF01 028801 62 04 E000 E300 E700 E800"));
}

TEST_CASE("every ESV code survives encode and decode") {
  const esv codes[] = {esv::set_i,    esv::set_c,    esv::get,         esv::inf_req,   esv::set_get,
                       esv::set_res,  esv::get_res,  esv::inf,         esv::infc,      esv::infc_res,
                       esv::set_get_res, esv::set_i_sna, esv::set_c_sna, esv::get_sna, esv::inf_sna,
                       esv::set_get_sna};
  for (auto code : codes) {
    const frame f{7, controller_eoj, meter_eoj, code, {{0x80, {0x30}}}};
    auto bytes = encode(f);
    REQUIRE(bytes);
    CHECK((*bytes)[10] == static_cast<std::uint8_t>(code));
    CHECK(decode(*bytes) == f);
  }
}

TEST_CASE("the 0x5x answers are not possible, the others are") {
  CHECK(is_not_possible(esv::set_i_sna));
  CHECK(is_not_possible(esv::set_c_sna));
  CHECK(is_not_possible(esv::get_sna));
  CHECK(is_not_possible(esv::inf_sna));
  CHECK(is_not_possible(esv::set_get_sna));
  CHECK_FALSE(is_not_possible(esv::get_res));
  CHECK_FALSE(is_not_possible(esv::set_res));
  CHECK_FALSE(is_not_possible(esv::inf));
  CHECK_FALSE(is_not_possible(esv::infc_res));
}

TEST_CASE("a Get_SNA gives the refused property PDC 0 and the others their data") {
  auto f = decode(hex("1081 0002 028801 05FF01 52 02 D300 E10101"));
  REQUIRE(f);
  CHECK(f->esv == esv::get_sna);
  REQUIRE(find(*f, 0xD3));
  CHECK(find(*f, 0xD3)->edt.empty());
  CHECK(find(*f, 0xE1)->edt == hex("01"));
  CHECK(find(*f, 0xE7) == nullptr);
}

TEST_CASE("decode rejects truncated frames") {
  CHECK(error_of(decode({})) == echonet_errc::truncated);
  CHECK(error_of(decode(hex("10"))) == echonet_errc::truncated);
  CHECK(error_of(decode(hex("1081 0001 028801 05FF01 72"))) == echonet_errc::truncated);
  CHECK(error_of(decode(hex("1081 0001 028801 05FF01 72 02 E70400000001"))) == echonet_errc::truncated);
  CHECK(error_of(decode(hex("1081 0001 028801 05FF01 72 01 E7"))) == echonet_errc::truncated);
}

TEST_CASE("decode rejects a wrong EHD") {
  CHECK(error_of(decode(hex("1082 0001 028801 05FF01 72 01 E700"))) == echonet_errc::bad_header);
  CHECK(error_of(decode(hex("1181 0001 028801 05FF01 72 01 E700"))) == echonet_errc::bad_header);
}

TEST_CASE("decode rejects a PDC past the end") {
  auto r = decode(hex("1081 0001 028801 05FF01 72 01 E704 000001"));
  CHECK(error_of(r) == echonet_errc::pdc_past_end);
  CHECK(describe(r.error()) == "echonet: pdc_past_end: PDC 4 with 3 bytes left");
}

TEST_CASE("decode rejects trailing bytes") {
  CHECK(error_of(decode(hex("1081 0001 028801 05FF01 72 01 E700 00"))) == echonet_errc::trailing_bytes);
  CHECK(error_of(decode(hex("1081 0001 028801 05FF01 72 00 E700"))) == echonet_errc::trailing_bytes);
}

TEST_CASE("encode refuses EDT longer than 255 bytes") {
  frame f{1, controller_eoj, meter_eoj, esv::set_c, {{0xE5, std::vector<std::uint8_t>(256, 0)}}};
  CHECK(error_of(encode(f)) == echonet_errc::bad_argument);
  f.properties.assign(256, property{0x80, {}});
  CHECK(error_of(encode(f)) == echonet_errc::bad_argument);
}

TEST_CASE("an INFC is acknowledged with INFC_Res, objects swapped, PDC 0") {
  auto infc = decode(hex("1081 0042 028801 05FF01 74 02 EA0B07E8040E0C1E00000001E2 EB0B07E8040E0C1E0000000000"));
  REQUIRE(infc);
  const auto ack = make_infc_res(*infc);
  CHECK(encode(ack) == hex("1081 0042 05FF01 028801 7A 02 EA00 EB00"));
}

TEST_CASE("a response matches only with its TID, swapped objects and EPCs in order") {
  const std::uint8_t epcs[] = {0xE0, 0xE7};
  const auto request = make_get(5, epcs);
  frame ok{5, meter_eoj, controller_eoj, esv::get_res, {{0xE0, hex("00000001")}, {0xE7, hex("00000002")}}};
  CHECK(is_response_to(request, ok));
  auto other = ok;
  other.tid = 6;
  CHECK_FALSE(is_response_to(request, other));
  other = ok;
  other.seoj = node_profile_eoj;
  CHECK_FALSE(is_response_to(request, other));
  other = ok;
  other.deoj = meter_eoj;
  CHECK_FALSE(is_response_to(request, other));
  other = ok;
  std::swap(other.properties[0], other.properties[1]);
  CHECK_FALSE(is_response_to(request, other));
  other = ok;
  other.properties.pop_back();
  CHECK_FALSE(is_response_to(request, other));
}

TEST_CASE("a SetC of E5 carries the day") {
  CHECK(encode(make_set_c(3, {0xE5, {0x01}})) == hex("1081 0003 05FF01 028801 61 01 E50101"));
}

#include <catch2/catch.hpp>

#include "meterhub/echonet/frame.hpp"
#include "meterhub/echonet/history.hpp"
#include "meterhub/echonet/property_map.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::echonet;

TEST_CASE("frames round-trip through encode and decode") {
  const frame frames[] = {
    {0xFFFF, meter_eoj, controller_eoj, esv::get_res,
     {{0xE0, {0, 1, 0xE2, 0x40}}, {0xE7, {0, 0, 1, 0x9A}}, {0xE8, {0, 0x32, 0x7F, 0xFE}}}},
    {0, node_profile_eoj, node_profile_eoj, esv::inf, {{0xD5, {1, 2, 0x88, 1}}}},
    {9, controller_eoj, meter_eoj, esv::get, {}},
    {10, meter_eoj, controller_eoj, esv::get_res, {{0xE2, std::vector<std::uint8_t>(194, 0xAB)}}},
  };
  for (const auto& f : frames) {
    auto bytes = encode(f);
    REQUIRE(bytes);
    CHECK(decode(*bytes) == f);
  }
}

TEST_CASE("property maps and the history 2 setting round-trip") {
  for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 64u, 128u}) {
    std::vector<std::uint8_t> epcs;
    for (std::size_t i = 0; i < n; ++i)
      epcs.push_back(static_cast<std::uint8_t>(0x80 + (i * 37) % 128));
    std::sort(epcs.begin(), epcs.end());
    epcs.erase(std::unique(epcs.begin(), epcs.end()), epcs.end());
    CHECK(decode_property_map(encode_property_map(epcs)) == epcs);
  }
  const history2_setting s{{2026, 12, 7, 23, 30, 0}, 5};
  auto p = history2_setting_property(s);
  REQUIRE(p);
  auto back = decode_history2_setting(p->edt);
  REQUIRE(back);
  CHECK(*back == s);
}

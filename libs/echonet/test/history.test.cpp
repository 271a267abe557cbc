#include "meterhub/echonet/history.hpp"

#include <catch2/catch.hpp>

#include "meterhub/echonet/readings.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::echonet;
using test::error_of;
using test::hex;

namespace {

/// An E2 EDT for `day` whose slot k holds 1000 + k, and no data from slot `first_missing` on.
std::vector<std::uint8_t> history1_edt(std::uint16_t day, std::size_t first_missing) {
  std::vector<std::uint8_t> edt{static_cast<std::uint8_t>(day >> 8), static_cast<std::uint8_t>(day & 0xFF)};
  for (std::size_t k = 0; k < 48; ++k) {
    const std::uint32_t v = k < first_missing ? static_cast<std::uint32_t>(1000 + k) : 0xFFFFFFFE;
    for (int shift = 24; shift >= 0; shift -= 8)
      edt.push_back(static_cast<std::uint8_t>(v >> shift));
  }
  return edt;
}

} // namespace

TEST_CASE("history 1 holds a two-byte day and 48 counts") {
  auto h = decode_history1(history1_edt(1, 48));
  REQUIRE(h);
  CHECK(h->day == 1);
  CHECK(h->counts[0].raw == 1000);
  CHECK(h->counts[47].raw == 1047);
  auto partial = decode_history1(history1_edt(0, 20));
  REQUIRE(partial);
  CHECK(partial->counts[19].valid());
  CHECK(partial->counts[20].state == sample_state::no_data);
  CHECK(error_of(decode_history1(history1_edt(100, 48))) == echonet_errc::bad_value);
  CHECK(error_of(decode_history1(history1_edt(0x0100, 48))) == echonet_errc::bad_value); // the high byte counts
  auto short_edt = history1_edt(0, 48);
  short_edt.pop_back();
  CHECK(error_of(decode_history1(short_edt)) == echonet_errc::bad_size);
}

TEST_CASE("history 1 readings start at the local midnight of the day back, 30 min apart, backfilled") {
  auto h = decode_history1(history1_edt(1, 20));
  REQUIRE(h);
  const auto out = history1_readings(epc::history1_normal, *h, civil_day{2024, 4, 15}, meter_scale{1, 0x01});
  REQUIRE(out.size() == 20); // no-data slots give no reading
  // 2024-04-14 00:00 JST = 2024-04-13T15:00:00Z
  CHECK(out[0].time_ms == 1'713'020'400'000);
  CHECK(out[1].time_ms == 1'713'020'400'000 + 1'800'000);
  CHECK(out[0].quantity == "1-0:1.8.0");
  CHECK(out[0].unit == unit::wh);
  CHECK(out[0].value == Approx(100'000.0));
  CHECK(out[19].value == Approx(101'900.0));
  CHECK(out[0].has(flag::backfilled));
  const auto reverse = history1_readings(epc::history1_reverse, *h, civil_day{2024, 4, 15}, meter_scale{},
                                         std::chrono::minutes{0});
  CHECK(reverse[0].quantity == "1-0:2.8.0");
  CHECK(reverse[0].time_ms == 1'713'052'800'000); // 2024-04-14T00:00:00Z with offset 0
  CHECK(reverse[0].value == 1'000'000.0);
}

TEST_CASE("history 2 setting reads, writes and knows the unset year") {
  auto s = decode_history2_setting(hex("07E8040E0C1E 0C"));
  REQUIRE(s);
  REQUIRE(*s);
  CHECK((*s)->newest == meter_date_time{2024, 4, 14, 12, 30, 0});
  CHECK((*s)->count == 12);
  CHECK(history2_setting_property(**s) == property{0xED, hex("07E8040E0C1E0C")});
  auto unset = decode_history2_setting(hex("FFFF FFFF FFFF FF"));
  REQUIRE(unset);
  CHECK_FALSE(*unset);
  CHECK(error_of(decode_history2_setting(hex("07E8040E0C0F 0C"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_history2_setting(hex("07E8040E0C1E 0D"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_history2_setting(hex("07E8040E0C1E 00"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_history2_setting(hex("07E8040E0C1E"))) == echonet_errc::bad_size);
  CHECK(error_of(history2_setting_property({{2024, 4, 14, 12, 15, 0}, 3})) == echonet_errc::bad_argument);
  CHECK(error_of(history2_setting_property({{2024, 4, 14, 12, 0, 0}, 13})) == echonet_errc::bad_argument);
}

TEST_CASE("history 2 holds newest-first pairs of both directions") {
  auto h = decode_history2(hex("07E8040E0C1E 03  00000064 0000000A  FFFFFFFE 00000009  00000062 FFFFFFFE"));
  REQUIRE(h);
  CHECK(h->newest == meter_date_time{2024, 4, 14, 12, 30, 0});
  REQUIRE(h->slots.size() == 3);
  CHECK(h->slots[0].normal.raw == 100);
  CHECK(h->slots[1].normal.state == sample_state::no_data);
  CHECK(h->slots[2].reverse.state == sample_state::no_data);
  const auto out = history2_readings(*h, meter_scale{1, 0x01});
  REQUIRE(out.size() == 4);
  CHECK(out[0].quantity == "1-0:1.8.0");
  CHECK(out[0].time_ms == 1'713'065'400'000); // 12:30 JST
  CHECK(out[0].value == Approx(10'000.0));
  CHECK(out[1].quantity == "1-0:2.8.0");
  CHECK(out[1].value == Approx(1'000.0));
  CHECK(out[2].quantity == "1-0:2.8.0");
  CHECK(out[2].time_ms == 1'713'065'400'000 - 1'800'000);
  CHECK(out[3].quantity == "1-0:1.8.0");
  CHECK(out[3].time_ms == 1'713'065'400'000 - 3'600'000);
  for (const auto& r : out)
    CHECK(r.has(flag::backfilled));
}

TEST_CASE("history 2 refuses wrong sizes and counts") {
  CHECK(error_of(decode_history2(hex("07E8040E0C1E"))) == echonet_errc::bad_size);
  CHECK(error_of(decode_history2(hex("07E8040E0C1E 02 00000064 0000000A"))) == echonet_errc::bad_size);
  CHECK(error_of(decode_history2(hex("07E8040E0C1E 0D"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_history2(hex("07E80D0E0C1E 01 00000064 0000000A"))) == echonet_errc::bad_value);
  auto empty = decode_history2(hex("07E8040E0C1E 00"));
  REQUIRE(empty);
  CHECK(empty->slots.empty());
}

TEST_CASE("history 3 takes any start minute, 10 slots and one-minute steps") {
  auto s = decode_history3_setting(hex("07E8040E0C0F 0A"));
  REQUIRE(s);
  REQUIRE(*s);
  CHECK((*s)->newest.minute == 15);
  CHECK(history3_setting_property(**s) == property{0xEF, hex("07E8040E0C0F0A")});
  CHECK(error_of(decode_history3_setting(hex("07E8040E0C0F 0B"))) == echonet_errc::bad_value);
  CHECK_FALSE(*decode_history3_setting(hex("FFFF040E0C0F0A")));
  CHECK(error_of(history3_setting_property({{2024, 4, 14, 12, 15, 0}, 11})) == echonet_errc::bad_argument);
  auto h = decode_history3(hex("07E8040E0C0F 02 00000064 0000000A 00000063 00000009"));
  REQUIRE(h);
  const auto out = history3_readings(*h, meter_scale{}, std::chrono::minutes{0});
  REQUIRE(out.size() == 4);
  CHECK(out[2].time_ms == out[0].time_ms - 60'000);
  CHECK(out[2].value == 99'000.0);
  CHECK(error_of(decode_history3(hex("07E8040E0C0F 0B"))) == echonet_errc::bad_value);
}

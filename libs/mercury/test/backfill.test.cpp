#include "meterhub/mercury/backfill.hpp"

#include <catch2/catch.hpp>

#include "meterhub/core/time.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::mercury;
using test::error_of;
using test::hex;

namespace {

constexpr std::int64_t minute = 60'000;

options moscow() {
  options o;
  o.utc_offset = std::chrono::minutes{180};
  return o;
}

/// The pointer at 10:30 15.01.2024 local, 30-minute periods, at address 0x0100 (record 16), not wrapped.
profile_pointer pointer_at(std::uint16_t address, std::uint8_t status = profile_status::winter) {
  return profile_pointer{address, status, {10, 30, 15, 1, 24}, 30};
}

std::int64_t utc(int y, unsigned mo, unsigned d, unsigned h, unsigned mi) {
  return unix_ms_from_utc(y, mo, d, h, mi, 0);
}

} // namespace

TEST_CASE("record requests step back 16 bytes and wrap in 16 bits") {
  const options o;
  CHECK(profile_record_request(0x0100, 0, o) == read_memory{0x03, 0x0100, 15});
  CHECK(profile_record_request(0x0100, 1, o) == read_memory{0x03, 0x00F0, 15});
  CHECK(profile_record_request(0x0100, 16, o) == read_memory{0x03, 0x0000, 15});
  CHECK(profile_record_request(0x0100, 17, o) == read_memory{0x03, 0xFFF0, 15}); // D2: 0 → FFF0
  CHECK(profile_record_request(0x0000, 4096, o) == read_memory{0x03, 0x0000, 15});
}

TEST_CASE("record-index addressing multiplies by 16 over 17 bits") {
  options o;
  o.addressing = profile_addressing::record_index;
  CHECK(profile_record_request(0x176E, 0, o) == read_memory{0x83, 0x76E0, 15}); // PZ: 17 6E × 10h
  CHECK(profile_record_request(0x0FFF, 0, o) == read_memory{0x03, 0xFFF0, 15});
  CHECK(profile_record_request(0x1000, 0, o) == read_memory{0x83, 0x0000, 15});
  CHECK(profile_record_request(0x1000, 1, o) == read_memory{0x03, 0xFFF0, 15});
  CHECK(profile_record_request(0x0000, 1, o) == read_memory{0x83, 0xFFF0, 15});
}

TEST_CASE("a backfill plan covers the range oldest first") {
  const auto o = moscow();
  const auto p = pointer_at(0x0100);
  // 10:30 local = 07:30 UTC is the last period end; ask 06:00 … 07:00 UTC
  const auto plan = plan_profile_reads(p, utc(2024, 1, 15, 6, 0), utc(2024, 1, 15, 7, 0), o);
  REQUIRE(plan.size() == 3);
  CHECK(plan[0] == profile_read{read_memory{3, 0x00D0, 15}, utc(2024, 1, 15, 6, 0)});
  CHECK(plan[1] == profile_read{read_memory{3, 0x00E0, 15}, utc(2024, 1, 15, 6, 30)});
  CHECK(plan[2] == profile_read{read_memory{3, 0x00F0, 15}, utc(2024, 1, 15, 7, 0)});
  // range ends between period ends and after the last one
  const auto around = plan_profile_reads(p, utc(2024, 1, 15, 6, 45), utc(2024, 1, 15, 9, 0), o);
  REQUIRE(around.size() == 2);
  CHECK(around[0].expected_end_ms == utc(2024, 1, 15, 7, 0));
  CHECK(around[1] == profile_read{read_memory{3, 0x0100, 15}, utc(2024, 1, 15, 7, 30)});
}

TEST_CASE("a backfill plan stops at what the array holds") {
  const auto o = moscow();
  const auto last = utc(2024, 1, 15, 7, 30);
  // not wrapped: records 0 … 16 only
  auto young = plan_profile_reads(pointer_at(0x0100), last - 1000 * 30 * minute, last, o);
  REQUIRE(young.size() == 17);
  CHECK(young.front().request.address == 0x0000);
  CHECK(young.front().expected_end_ms == last - 16 * 30 * minute);
  // wrapped: the whole 4096 records
  auto old = plan_profile_reads(pointer_at(0x0100, profile_status::overflow | profile_status::winter),
                                last - 10'000 * 30 * minute, last, o);
  REQUIRE(old.size() == 4096);
  CHECK(old.front().request.address == 0x0110);
  CHECK(old.back().request.address == 0x0100);
  CHECK(plan_profile_reads(pointer_at(0x0100), last + minute, last + 60 * minute, o).empty());
  CHECK(plan_profile_reads(pointer_at(0x0100), last, last - minute, o).empty());
  auto no_period = pointer_at(0x0100);
  no_period.period_minutes = 0;
  CHECK(plan_profile_reads(no_period, 0, last, o).empty());
}

TEST_CASE("profile records become backfilled period energies at the period end") {
  const auto o = moscow(); // A = 1000: 0.5 Wh per count
  const profile_record r{profile_status::winter, {10, 30, 15, 1, 24}, 30, {1000, std::nullopt, 300, 0}};
  const auto out = profile_readings(r, o);
  REQUIRE(out.size() == 3);
  const auto end = utc(2024, 1, 15, 7, 30);
  CHECK(out[0].quantity == "1-0:1.29.0");
  CHECK(out[0].value == 500.0);
  CHECK(out[0].unit == unit::wh);
  CHECK(out[0].time_ms == end);
  CHECK(out[0].flags == static_cast<std::uint32_t>(flag::backfilled));
  CHECK(out[1].quantity == "1-0:3.29.0");
  CHECK(out[1].value == 150.0);
  CHECK(out[1].unit == unit::varh);
  CHECK(out[2].quantity == "1-0:4.29.0");
  CHECK(out[2].value == 0.0);
}

TEST_CASE("profile flags, constants, stamps and DST") {
  auto o = moscow();
  o.meter_constant = 5000; // 0.1 Wh per count
  profile_record r{profile_status::incomplete | profile_status::overflow, {10, 30, 15, 7, 24}, 30, {1000, 2000, 0, 0}};
  auto out = profile_readings(r, o);
  REQUIRE(out.size() == 4);
  CHECK(out[0].value == 100.0);
  CHECK(out[1].quantity == "1-0:2.29.0");
  CHECK(out[1].value == 200.0);
  CHECK(out[0].has(flag::backfilled));
  CHECK(out[0].has(flag::partial_period));
  CHECK(out[0].has(flag::overflow));
  CHECK(out[0].has(flag::summer_time)); // winter bit clear
  CHECK(out[0].time_ms == utc(2024, 7, 15, 7, 30));
  o.meter_switches_dst = true; // a summer stamp is one hour further ahead of UTC
  CHECK(profile_readings(r, o)[0].time_ms == utc(2024, 7, 15, 6, 30));
  o.meter_switches_dst = false;
  o.profile_stamp_is_end = false;
  CHECK(profile_readings(r, o)[0].time_ms == utc(2024, 7, 15, 8, 0));
  r.status = profile_status::initialised | profile_status::winter;
  out = profile_readings(r, o);
  CHECK(out[0].has(flag::partial_period));
  CHECK_FALSE(out[0].has(flag::summer_time));
  CHECK_FALSE(out[0].has(flag::overflow));
}

TEST_CASE("archive requests read the sum and each tariff") {
  options o;
  o.tariffs = 2;
  auto days = archive_requests(energy_array::day_start, 0, o);
  REQUIRE(days);
  CHECK(*days == std::vector<request>{read_energy{energy_array::day_start, 0, 0},
                                      read_energy{energy_array::day_start, 0, 1},
                                      read_energy{energy_array::day_start, 0, 2}});
  auto months = archive_requests(energy_array::month_start, 3, o);
  REQUIRE(months);
  CHECK(months->front() == request{read_energy{energy_array::month_start, 3, 0}});
  CHECK(error_of(archive_requests(energy_array::month_start, 0, o)) == mercury_errc::bad_argument);
  CHECK(error_of(archive_requests(energy_array::day, 0, o)) == mercury_errc::bad_argument);
  CHECK(error_of(archive_requests(energy_array::from_reset, 0, o)) == mercury_errc::bad_argument);
}

TEST_CASE("archives are cumulative readings at the local midnight or month start") {
  const auto o = moscow();
  const meter_time now{0, 15, 10, 3, 15, 1, 24, true}; // Wednesday 15.01.2024 10:15 local
  const auto data = hex("12 00 34 56 ff ff ff ff 00 00 02 00 ff ff ff ff");
  auto today = archive_readings(read_energy{energy_array::day_start, 0, 0}, data, now, o);
  REQUIRE(today);
  REQUIRE(today->size() == 2);
  CHECK((*today)[0].quantity == "1-0:1.8.0");
  CHECK((*today)[0].value == 1'201'716.0);
  CHECK((*today)[0].time_ms == utc(2024, 1, 14, 21, 0)); // 00:00 on the 15th in Moscow
  CHECK((*today)[0].flags == static_cast<std::uint32_t>(flag::backfilled));
  CHECK((*today)[1].quantity == "1-0:3.8.0");
  CHECK((*today)[1].unit == unit::varh);
  auto yesterday = archive_readings(read_energy{energy_array::previous_day_start, 0, 2}, data, now, o);
  REQUIRE(yesterday);
  CHECK((*yesterday)[0].quantity == "1-0:1.8.2");
  CHECK((*yesterday)[0].time_ms == utc(2024, 1, 13, 21, 0));
  CHECK(archive_time_ms(read_energy{energy_array::month_start, 1, 0}, now, o) == utc(2023, 12, 31, 21, 0));
  CHECK(archive_time_ms(read_energy{energy_array::month_start, 11, 0}, now, o) == utc(2023, 10, 31, 21, 0));
  CHECK(archive_time_ms(read_energy{energy_array::year_start, 0, 0}, now, o) == utc(2023, 12, 31, 21, 0));
  CHECK(archive_time_ms(read_energy{energy_array::previous_year_start, 0, 0}, now, o) == utc(2022, 12, 31, 21, 0));
  const meter_time march_first{0, 0, 0, 5, 1, 3, 24, true};
  CHECK(archive_time_ms(read_energy{energy_array::previous_day_start, 0, 0}, march_first, o) ==
        utc(2024, 2, 28, 21, 0)); // 29 February 2024 00:00 local
  CHECK(error_of(archive_readings(read_energy{energy_array::month, 1, 0}, data, now, o)) ==
        mercury_errc::bad_argument);
  CHECK(error_of(archive_readings(read_energy{energy_array::day_start, 0, 0}, hex("12 00 34 56"), now, o)) ==
        mercury_errc::bad_length);
  meter_time broken = now;
  broken.month = 13;
  CHECK(error_of(archive_time_ms(read_energy{energy_array::day_start, 0, 0}, broken, o)) ==
        mercury_errc::bad_argument);
}

#include <catch2/catch.hpp>

#include "history_plan.hpp"
#include "meterhub/core/time.hpp"

using namespace meterhub;
using namespace meterhub::echonet_service;

namespace {

/// UTC ms of a Japan-time wall clock.
std::int64_t jst(int y, unsigned mo, unsigned d, unsigned h, unsigned mi) {
  return unix_ms_from_utc(y, mo, d, h, mi, 0) - 9 * 3'600'000;
}

meter_now at(std::int64_t ms) {
  return {ms, echonet::japan_utc_offset};
}

} // namespace

TEST_CASE("slot_floor rounds down to the half hour") {
  CHECK(slot_floor(jst(2024, 4, 14, 12, 44)) == jst(2024, 4, 14, 12, 30));
  CHECK(slot_floor(jst(2024, 4, 14, 12, 30)) == jst(2024, 4, 14, 12, 30));
  CHECK(slot_floor(-1) == -slot_ms);
}

TEST_CASE("a slot series publishes each boundary once, in order") {
  slot_series s;
  const auto t = jst(2024, 4, 14, 12, 30);
  CHECK(s.classify(t) == slot_series::verdict::publish);
  s.published(t);
  CHECK(s.classify(t) == slot_series::verdict::duplicate);
  CHECK(s.classify(t - slot_ms) == slot_series::verdict::duplicate);
  CHECK(s.classify(t + slot_ms) == slot_series::verdict::publish);
  CHECK(s.classify(t + 2 * slot_ms) == slot_series::verdict::gap);
  s.published(t - slot_ms); // never moves back
  CHECK(s.last() == t);
}

TEST_CASE("a short gap is one history-2 read of both directions") {
  const auto after = jst(2024, 4, 14, 22, 0);
  const auto upto = jst(2024, 4, 15, 1, 30); // across the meter's midnight: 7 slots
  const auto reads = plan_history(after, upto, at(upto + 5 * 60'000), true);
  REQUIRE(reads.size() == 1);
  CHECK(reads[0].what == history_read::kind::half_hours);
  CHECK(reads[0].count == 7);
  CHECK(reads[0].newest == echonet::meter_date_time{2024, 4, 15, 1, 30, 0});
}

TEST_CASE("a gap past 12 slots, or a meter without EC, is one history-1 read per meter-local day") {
  const auto now = jst(2024, 4, 15, 1, 40);
  const auto upto = slot_floor(now);
  SECTION("across midnight without EC") {
    const auto reads = plan_history(jst(2024, 4, 14, 22, 0), upto, at(now), false);
    REQUIRE(reads.size() == 2);
    CHECK(reads[0].what == history_read::kind::day);
    CHECK(reads[0].days_back == 1);
    CHECK(reads[0].day.day == 14);
    CHECK(reads[1].days_back == 0);
    CHECK(reads[1].day.day == 15);
  }
  SECTION("three days with EC") {
    const auto reads = plan_history(jst(2024, 4, 12, 10, 0), upto, at(now), true);
    REQUIRE(reads.size() == 4);
    CHECK(reads.front().days_back == 3);
    CHECK(reads.back().days_back == 0);
  }
  SECTION("the slot right after a day's last one starts the next day") {
    const auto reads = plan_history(jst(2024, 4, 14, 23, 30), upto, at(now), false);
    REQUIRE(reads.size() == 1);
    CHECK(reads[0].days_back == 0);
  }
  SECTION("nothing beyond the 99 days the meter keeps") {
    const auto reads = plan_history(now - 200 * day_ms, upto, at(now), false);
    REQUIRE(reads.size() == 100);
    CHECK(reads.front().days_back == 99);
  }
}

TEST_CASE("no reads when nothing is missing") {
  const auto t = jst(2024, 4, 15, 1, 30);
  CHECK(plan_history(t, t, at(t), true).empty());
  CHECK(plan_history(t, t - slot_ms, at(t), true).empty());
}

TEST_CASE("the first start fills from the meter's midnight, midnight included") {
  const auto now = jst(2024, 4, 15, 9, 10);
  CHECK(first_start_after(at(now), 0) == jst(2024, 4, 15, 0, 0) - slot_ms);
  CHECK(first_start_after(at(now), 2) == jst(2024, 4, 13, 0, 0) - slot_ms);
}

TEST_CASE("slots_between keeps one quantity inside the range, in time order") {
  const auto t = jst(2024, 4, 15, 1, 0);
  std::vector<reading> in{{"1-0:1.8.0", 3.0, unit::wh, t + slot_ms, 0, ""}, {"1-0:2.8.0", 1.0, unit::wh, t, 0, ""},
                          {"1-0:1.8.0", 2.0, unit::wh, t, 0, ""},           {"1-0:1.8.0", 1.0, unit::wh, t - slot_ms, 0, ""}};
  const auto out = slots_between(in, "1-0:1.8.0", t - slot_ms, t + slot_ms);
  REQUIRE(out.size() == 2);
  CHECK(out[0].time_ms == t);
  CHECK(out[1].time_ms == t + slot_ms);
}

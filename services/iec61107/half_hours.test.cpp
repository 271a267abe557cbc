#include <catch2/catch.hpp>

#include "half_hours.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/iec61107/error.hpp"
#include "test_meter.hpp"

using namespace meterhub;
using namespace meterhub::iec61107_service;
using namespace meterhub::iec61107_service::test;

TEST_CASE("yesterday's half hours rebuild the spec's worked example exactly", "[half_hours]") {
  half_hour_job job{{1}, {}, std::chrono::hours(3)};
  run(job, from_map(example_meter()));
  INFO(describe(job.failure()));
  REQUIRE_FALSE(job.failure());
  REQUIRE(job.days().size() == 1);
  const auto& day = job.days()[0];
  CHECK(day.date == tariff::civil_date{2024, 4, 14});
  REQUIRE(day.archive);
  REQUIRE(day.archive->points.size() == 48);
  CHECK(day.archive->points[0].tariff == 4);
  CHECK(day.archive->points[14].tariff == 3); // 07:00-07:30
  CHECK(day.archive->points[46].tariff == 4); // 23:00-23:30
  CHECK(day.archive->points.back().cumulative_mwh == tariff::register_set{1'024'000'000, 500'000'000, 200'000'000,
                                                                          216'000'000, 108'000'000});
  REQUIRE(day.drift_mwh);
  CHECK(*day.drift_mwh == tariff::register_set{0, 0, 0, 0, 0});

  const auto readings = job.readings();
  REQUIRE(readings.size() == 48 * 5);
  CHECK(readings[0].quantity == "1-0:1.8.0");
  CHECK(readings[0].value == 1'000'500.0);
  CHECK(readings[4].quantity == "1-0:1.8.4");
  CHECK(readings[4].value == 100'500.0);
  CHECK(readings[0].time_ms == unix_ms_from_utc(2024, 4, 13, 21, 30, 0)); // 00:30 at +03:00
  CHECK(readings[0].has(flag::backfilled));
  CHECK_FALSE(readings[0].has(flag::estimated));
}

TEST_CASE("today's archive stops at the meter's clock", "[half_hours]") {
  auto values = example_meter();
  values["0F808000"] = "001024.00,000500.00,000200.00,000216.00,000108.00";
  values["63010000"] = repeat("01000", "01000", 21) + "," + repeat("00000", "00000", 27);
  values["0A0364FF"] = "000001," + repeat("000000", "000000", 7); // Monday 15 April: weekday schedule 3, all T1
  half_hour_job job{{0}, {}, std::chrono::hours(3)};
  run(job, from_map(values));
  REQUIRE(job.days().at(0).archive);
  CHECK(job.days()[0].archive->points.size() == 20); // 10:15 on the meter: 20 finished half hours
  CHECK(job.days()[0].archive->points.back().cumulative_mwh[1] == 500'000'000 + 20 * 500'000);
  CHECK_FALSE(job.days()[0].drift_mwh);
}

TEST_CASE("a date that changes during the reads starts over, three times is a failure", "[half_hours]") {
  auto values = example_meter();
  int changes = 1;
  auto meter = [&](const std::string& address, int) {
    if (address == "000902FF" && changes > 0 && values["000902FF"] == "240415") {
      // the first date read says 15 April; by the final re-read it is the 16th, once
      static int reads = 0;
      if (++reads == 2) {
        --changes;
        return std::string{"240416"};
      }
    }
    return values[address];
  };
  half_hour_job job{{1}, {}, std::chrono::hours(3)};
  auto outcomes = run(job, meter);
  CHECK_FALSE(job.failure());
  CHECK(job.days().at(0).archive);
  int date_reads = 0;
  for (const auto& o : outcomes)
    date_reads += o.request.address == "000902FF";
  CHECK(date_reads == 4);

  half_hour_job never{{1}, {}, std::chrono::hours(3)};
  int tick = 0;
  run(never, [&](const std::string& address, int) {
    return address == "000902FF" ? (++tick % 2 ? std::string{"240415"} : std::string{"240416"}) : values[address];
  });
  CHECK(never.failure());
}

TEST_CASE("a day the meter cannot give is that day's error, a meter without a calendar uses schedule 1",
          "[half_hours]") {
  auto values = example_meter();
  values.erase("0D0000FF");
  values.erase("0B0000FF");
  values.erase("63010001");
  values["0A0164FF"] = "000001," + repeat("000000", "000000", 7);
  half_hour_job job{{1}, {}, std::chrono::hours(3)};
  run(job, from_map(values));
  REQUIRE_FALSE(job.failure());
  CHECK_FALSE(job.days().at(0).archive);
  CHECK(job.readings().empty());
}

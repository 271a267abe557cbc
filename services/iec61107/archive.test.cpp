#include <catch2/catch.hpp>

#include <algorithm>

#include "archive_job.hpp"
#include "archive_ledger.hpp"
#include "meterhub/core/time.hpp"
#include "test_meter.hpp"

using namespace meterhub;
using namespace meterhub::iec61107_service;
using namespace meterhub::iec61107_service::test;

namespace {

const std::chrono::minutes msk{180};

/// The worked example plus start-of-month registers.
std::map<std::string, std::string> archive_meter() {
  auto values = example_meter();
  values["0F088000"] = "000990.00,000495.00,000198.00,000198.00,000099.00";
  values["0F088001"] = "000700.00,000350.00,000140.00,000140.00,000070.00";
  return values;
}

std::size_t count_quantity(const std::vector<reading>& readings, const std::string& quantity) {
  return static_cast<std::size_t>(std::count_if(readings.begin(), readings.end(),
                                                [&](const reading& r) { return r.quantity == quantity; }));
}

} // namespace

TEST_CASE("an archive pass reads day and month starts at the meter's midnights", "[archives]") {
  archive_job job{{{1}, {0, 1}, {0, 1}}, {}, msk};
  run(job, from_map(archive_meter()));
  INFO(describe(job.failure()));
  REQUIRE_FALSE(job.failure());
  REQUIRE(job.days().size() == 1);
  REQUIRE(job.days()[0].archive);
  REQUIRE(job.entries().size() == 4);
  const auto& today = job.entries()[0];
  CHECK(today.date == tariff::civil_date{2024, 4, 15});
  REQUIRE(today.readings);
  REQUIRE(today.readings->size() == 5);
  CHECK((*today.readings)[0].quantity == "1-0:1.8.0");
  CHECK((*today.readings)[0].value == 1'024'000.0);
  CHECK((*today.readings)[0].time_ms == unix_ms_from_utc(2024, 4, 14, 21, 0, 0)); // 00:00 at +03:00
  CHECK((*today.readings)[0].has(flag::backfilled));
  CHECK(job.entries()[1].date == tariff::civil_date{2024, 4, 14});
  CHECK(job.entries()[2].month);
  CHECK(job.entries()[2].date == tariff::civil_date{2024, 4, 1});
  CHECK(job.entries()[3].date == tariff::civil_date{2024, 3, 1});
  REQUIRE(job.entries()[3].readings);
  CHECK((*job.entries()[3].readings)[0].value == 700'000.0);
  CHECK((*job.entries()[3].readings)[0].time_ms == unix_ms_from_utc(2024, 2, 29, 21, 0, 0));
}

TEST_CASE("an entry the meter refuses is reported without failing the pass", "[archives]") {
  archive_job job{{{}, {0}, {0, 5}}, {}, msk};
  run(job, from_map(archive_meter()));
  REQUIRE_FALSE(job.failure());
  REQUIRE(job.entries().size() == 3);
  CHECK(job.entries()[0].readings);
  CHECK(job.entries()[1].readings);
  CHECK_FALSE(job.entries()[2].readings); // 0F088005 answers (01)
}

TEST_CASE("midnight during the entry round asks the entries again from the new date", "[archives]") {
  auto values = archive_meter();
  int date_reads = 0;
  auto meter = [&](const std::string& address, int) -> std::string {
    if (address == "000902FF")
      return ++date_reads <= 2 ? "240415" : "240416"; // calendar, half-hour check, then midnight
    if (address == "0F808001" && date_reads >= 2)
      return values["0F808000"]; // after midnight, yesterday's start is what was today's
    auto it = values.find(address);
    return it == values.end() ? std::string{} : it->second;
  };
  archive_job job{{{}, {1}, {}}, {}, msk};
  run(job, meter);
  REQUIRE_FALSE(job.failure());
  REQUIRE(job.entries().size() == 1);
  CHECK(job.entries()[0].date == tariff::civil_date{2024, 4, 15});
  REQUIRE(job.entries()[0].readings);
  CHECK((*job.entries()[0].readings)[0].value == 1'024'000.0);
}

TEST_CASE("the ledger publishes each archive value once", "[archives]") {
  archive_settings cfg;
  cfg.days = 2;
  cfg.months = 2;
  cfg.half_hour_days = 1;
  archive_ledger ledger;
  const tariff::civil_date today{2024, 4, 15};

  auto what = ledger.plan(cfg, today);
  CHECK(what.half_hour_days == std::vector<int>{1, 0});
  CHECK(what.day_starts == std::vector<int>{0, 1});
  CHECK(what.month_starts == std::vector<int>{0, 1});

  what.half_hour_days = {1}; // today's profile is not in the scripted meter
  archive_job job{what, {}, msk};
  run(job, from_map(archive_meter()));
  REQUIRE_FALSE(job.failure());
  const auto first = ledger.take_new(job, cfg, {}, msk);
  // 4 start sets, 47 half-hour points (24:00 is tomorrow's start entry), and the day's drift: 5 registers each.
  CHECK(first.size() == (4 + 47 + 1) * 5);
  CHECK(count_quantity(first, "x:profile_drift") == 1);
  CHECK(count_quantity(first, "x:profile_drift.4") == 1);
  const auto midnight = unix_ms_from_utc(2024, 4, 14, 21, 0, 0);
  CHECK(std::count_if(first.begin(), first.end(), [&](const reading& r) {
          return r.quantity == "1-0:1.8.0" && r.time_ms == midnight;
        }) == 1);

  const auto again = ledger.plan(cfg, today);
  CHECK(again.half_hour_days == std::vector<int>{0});
  CHECK(again.day_starts.empty());
  CHECK(again.month_starts.empty());
  CHECK(ledger.take_new(job, cfg, {}, msk).empty());

  const auto next_day = ledger.plan(cfg, {2024, 4, 16});
  CHECK(next_day.half_hour_days == std::vector<int>{1, 0});
  CHECK(next_day.day_starts == std::vector<int>{0});
  CHECK(next_day.month_starts.empty());
}

TEST_CASE("today's half hours go out as they finish", "[archives]") {
  auto values = archive_meter();
  values["0A0364FF"] = "000001," + repeat("000000", "000000", 7);
  values["63010000"] = repeat("01000", "01000", 20) + "," + repeat("00000", "00000", 28);
  archive_settings cfg;
  cfg.days = 0;
  cfg.months = 0;
  cfg.half_hour_days = 0;
  archive_ledger ledger;
  archive_job morning{ledger.plan(cfg, {2024, 4, 15}), {}, msk};
  run(morning, from_map(values));
  CHECK(ledger.take_new(morning, cfg, {}, msk).size() == 20 * 5); // 10:15: twenty finished half hours

  values["000901FF"] = "113100";
  values["63010000"] = repeat("01000", "01000", 23) + "," + repeat("00000", "00000", 25);
  archive_job later{ledger.plan(cfg, {2024, 4, 15}), {}, msk};
  run(later, from_map(values));
  const auto fresh = ledger.take_new(later, cfg, {}, msk);
  REQUIRE(fresh.size() == 3 * 5);
  CHECK(fresh[0].time_ms == unix_ms_from_utc(2024, 4, 15, 7, 30, 0)); // 10:30 local
}

TEST_CASE("a month's start on a day already published goes out once", "[archives]") {
  auto values = archive_meter();
  values["000902FF"] = "240402";
  values["0F808001"] = values["0F088000"];
  archive_settings cfg;
  cfg.half_hours = false;
  cfg.days = 2;
  cfg.months = 1;
  archive_ledger ledger;
  archive_job job{ledger.plan(cfg, {2024, 4, 2}), {}, msk};
  run(job, from_map(values));
  REQUIRE_FALSE(job.failure());
  const auto out = ledger.take_new(job, cfg, {}, msk);
  CHECK(out.size() == 2 * 5); // 04-02 and 04-01; the month's start is 04-01 again
  CHECK(ledger.plan(cfg, {2024, 4, 2}).month_starts.empty());
}

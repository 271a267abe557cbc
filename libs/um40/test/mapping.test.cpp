#include <catch2/catch.hpp>

#include "memory_db.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/um40/error.hpp"
#include "meterhub/um40/mapping.hpp"
#include "meterhub/um40/readback.hpp"

using namespace meterhub;
using namespace meterhub::um40;

namespace {

constexpr std::chrono::minutes moscow{180};
/// 2026-11-01 00:00 at +03:00, in Unix seconds.
const std::int64_t november_first = days_from_civil(2026, 11, 1) * 86'400 - 3 * 3600;

device_assignment home() {
  device_assignment d;
  d.device = "p1-home";
  d.meter.meter_id = 2001;
  d.meter.type_name = "NEVA3xx";
  return d;
}

reading live(const char* quantity, double v, unit u, std::int64_t ts, std::uint32_t flags = 0) {
  return reading{quantity, v, u, ts * 1000, flags, {}};
}

reading archived(const char* quantity, double v, unit u, std::int64_t ts, std::uint32_t flags = 0) {
  return live(quantity, v, u, ts, flags | static_cast<std::uint32_t>(flag::backfilled));
}

/// Writes what the mapper made, after the device's MeterTable and ElConfig rows, as the injector does.
void inject(target& db, const device_assignment& who, const std::vector<record>& records) {
  auto config = device_config(who);
  REQUIRE(config);
  std::vector<statement> batch{insert_meter(who.meter)};
  auto config_rows = write_record(*config, false);
  REQUIRE(config_rows);
  batch.insert(batch.end(), config_rows->begin(), config_rows->end());
  for (const auto& r : records) {
    auto more = injection_statements(r);
    INFO((more ? std::string{} : describe(more.error())));
    REQUIRE(more);
    batch.insert(batch.end(), more->begin(), more->end());
  }
  auto err = db.write(batch);
  INFO(describe(err));
  REQUIRE_FALSE(err);
}

std::vector<stored_record> read(target& db, const char* type) {
  const auto* t = find_record_type(type);
  auto rows = db.query(select_records(*t, 2001, 1000), record_columns(*t));
  REQUIRE(rows);
  auto records = records_from_rows(*t, *rows);
  REQUIRE(records);
  return *records; // newest first
}

double real(const record& r, const char* tag) {
  auto it = r.values.find(tag);
  REQUIRE(it != r.values.end());
  REQUIRE(std::holds_alternative<double>(it->second));
  return std::get<double>(it->second);
}

std::int64_t integer(const record& r, const char* tag) {
  auto it = r.values.find(tag);
  REQUIRE(it != r.values.end());
  REQUIRE(std::holds_alternative<std::int64_t>(it->second));
  return std::get<std::int64_t>(it->second);
}

bool null(const record& r, const char* tag) {
  auto it = r.values.find(tag);
  return it == r.values.end() || is_null(it->second);
}

} // namespace

TEST_CASE("live registers and quality values become moment records on the five-minute grid") {
  auto db = memory_db();
  reading_mapper mapper{{moscow, 300}};
  const auto t = november_first + 3600 + 7; // 01:00:07 local
  auto out = mapper.map(home(), {live("1-0:1.8.0", 1234567.5, unit::wh, t), live("1-0:1.8.2", 1000.25, unit::wh, t),
                                 live("1-0:4.8.0", 77.0, unit::varh, t), live("1-0:32.7.0", 229.9, unit::v, t),
                                 live("1-0:72.7.0", 231.0, unit::v, t), live("1-0:1.7.0", 1520.0, unit::w, t),
                                 live("1-0:14.7.0", 50.01, unit::hz, t), live("1-0:81.7.21", 120.5, unit::degree, t),
                                 live("1-0:13.7.0", 0.97, unit::none, t + 2)});
  CHECK(out.used == 9);
  CHECK(out.unmapped == 0);
  REQUIRE(out.records.size() == 2);
  inject(*db, home(), out.records);

  auto energy = read(*db, "ElMomentEnergy");
  REQUIRE(energy.size() == 1);
  CHECK(energy[0].rec.timestamp == november_first + 3600);
  CHECK(real(energy[0].rec, "A+0") == 1234567.5);
  CHECK(real(energy[0].rec, "A+2") == 1000.25);
  CHECK(real(energy[0].rec, "R-0") == 77.0);
  CHECK(null(energy[0].rec, "A+1"));
  auto quality = read(*db, "ElMomentQuality");
  REQUIRE(quality.size() == 1);
  CHECK(real(quality[0].rec, "UA") == 229.9);
  CHECK(real(quality[0].rec, "UC") == 231.0);
  CHECK(null(quality[0].rec, "UB"));
  CHECK(real(quality[0].rec, "PS") == 1520.0);
  CHECK(real(quality[0].rec, "Freq") == 50.01);
  CHECK(real(quality[0].rec, "AngBC") == 120.5);
  CHECK(real(quality[0].rec, "kPS") == 0.97);

  SECTION("a later reading of the same window is not written again, the next window is") {
    auto again = mapper.map(home(), {live("1-0:1.8.0", 1234600.0, unit::wh, t + 60)});
    CHECK(again.records.empty());
    auto next = mapper.map(home(), {live("1-0:1.8.0", 1234700.0, unit::wh, t + 300)});
    REQUIRE(next.records.size() == 1);
    CHECK(next.records[0].timestamp == november_first + 3900);
  }
  SECTION("a restarted mapper maps a redelivered batch again, and writing it adds nothing") {
    reading_mapper restarted{{moscow, 300}};
    auto redelivered = restarted.map(home(), {live("1-0:1.8.0", 999.0, unit::wh, t), live("1-0:32.7.0", 1, unit::v, t)});
    REQUIRE(redelivered.records.size() == 2);
    inject(*db, home(), redelivered.records);
    CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterData") == "2");
    CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricEnergyValues") == "5");
    CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricQualityValues") == "4");
    CHECK(scalar(*db, "SELECT Ap FROM ElectricEnergyValues WHERE Tariff = 0") == "1234567.5");
    CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterTable") == "1");
    CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricConfig") == "1");
  }
}

TEST_CASE("a meter that reports only its tariff registers gets their sum as tariff 0") {
  reading_mapper mapper{{moscow, 300}};
  const auto t = november_first + 900;
  auto out = mapper.map(home(), {live("1-0:1.8.1", 1234567.125, unit::wh, t), live("1-0:1.8.2", 2345678.25, unit::wh, t),
                                 live("1-0:2.8.1", 10.0, unit::wh, t), live("1-0:3.8.0", 5.0, unit::varh, t),
                                 live("1-0:3.8.1", 4.0, unit::varh, t)});
  REQUIRE(out.records.size() == 1);
  const auto& r = out.records[0];
  CHECK(real(r, "A+0") == 3580245.375);
  CHECK(real(r, "A-0") == 10.0);
  CHECK(real(r, "R+0") == 5.0); // a total the meter gave is kept, not recomputed
  CHECK(null(r, "R-0"));
}

TEST_CASE("a window whose readings are all invalid is a header without values, and bad units are dropped") {
  auto db = memory_db();
  reading_mapper mapper{{moscow, 300}};
  const auto t = november_first + 600;
  const auto invalid = static_cast<std::uint32_t>(flag::invalid);
  auto out = mapper.map(home(), {live("1-0:1.8.0", 5.0, unit::wh, t, invalid), live("1-0:1.8.1", 5.0, unit::varh, t),
                                 live("0-0:96.1.1", 0, unit::none, t), live("x:temperature", 21, unit::celsius, t)});
  CHECK(out.used == 0);
  CHECK(out.dropped == 2);
  CHECK(out.unmapped == 2);
  REQUIRE(out.records.size() == 1);
  CHECK_FALSE(out.records[0].valid);
  inject(*db, home(), out.records);
  CHECK(scalar(*db, "SELECT Valid FROM MeterData") == "0");
  CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricEnergyValues") == "0");

  // Valid values for that window later (another mapper, after a restart) make the header valid.
  reading_mapper later{{moscow, 300}};
  inject(*db, home(), later.map(home(), {live("1-0:1.8.0", 6.0, unit::wh, t)}).records);
  CHECK(scalar(*db, "SELECT Valid FROM MeterData") == "1");
  CHECK(scalar(*db, "SELECT Ap FROM ElectricEnergyValues WHERE Tariff = 0") == "6.0");
}

TEST_CASE("archive registers at the local midnight make day and month records, and consumption follows") {
  auto db = memory_db();
  reading_mapper mapper{{moscow, 300}};
  const auto day = std::int64_t{86'400};
  std::vector<reading> readings;
  for (int i = -1; i <= 1; ++i) { // 31 Oct, 1 Nov, 2 Nov
    const auto ts = november_first + i * day;
    readings.push_back(archived("1-0:1.8.0", 1000.0 + 10.5 * (i + 1) * (i + 2), unit::wh, ts));
    readings.push_back(archived("1-0:1.8.1", 600.0 + (i + 1), unit::wh, ts));
    readings.push_back(archived("1-0:3.8.0", 50.0, unit::varh, ts));
  }
  readings.push_back(archived("1-0:1.8.0", 99.0, unit::wh, november_first + 7200)); // a lone profile point
  auto out = mapper.map(home(), readings);
  CHECK(out.dropped == 0);
  CHECK(out.unmapped == 0);
  inject(*db, home(), out.records);

  auto days = read(*db, "ElDayEnergy");
  REQUIRE(days.size() == 3);
  CHECK(days[0].rec.timestamp == november_first + day);
  CHECK(real(days[0].rec, "A+0") == 1063.0);
  CHECK(real(days[0].rec, "A+1") == 602.0);
  CHECK(real(days[0].rec, "R+0") == 50.0);
  auto months = read(*db, "ElMonthEnergy");
  REQUIRE(months.size() == 1);
  CHECK(months[0].rec.timestamp == november_first);
  auto consumption = read(*db, "ElDayConsEnergy");
  REQUIRE(consumption.size() == 2);
  CHECK(consumption[0].rec.timestamp == november_first);
  CHECK(real(consumption[0].rec, "A+0") == 42.0);
  CHECK(real(consumption[1].rec, "A+0") == 21.0);
  CHECK(real(consumption[1].rec, "A+1") == 1.0);
}

TEST_CASE("half-hour cumulative registers become ElArr1ConsPower averages, across batches and with flags") {
  auto db = memory_db();
  reading_mapper mapper{{moscow, 300}};
  const auto t0 = november_first + 12 * 3600; // noon
  const auto summer = static_cast<std::uint32_t>(flag::summer_time);
  const auto partial = static_cast<std::uint32_t>(flag::partial_period);
  auto first = mapper.map(home(), {archived("1-0:1.8.0", 10'000.0, unit::wh, t0),
                                   archived("1-0:3.8.0", 500.0, unit::varh, t0),
                                   archived("1-0:1.8.0", 10'750.0, unit::wh, t0 + 1800, summer),
                                   archived("1-0:3.8.0", 530.0, unit::varh, t0 + 1800, summer)});
  REQUIRE(first.records.size() == 1);
  auto second = mapper.map(home(), {archived("1-0:1.8.0", 11'000.0, unit::wh, t0 + 3600, partial),
                                    archived("1-0:1.8.0", 10.0, unit::wh, t0 + 5400)}); // replaced meter
  REQUIRE(second.records.size() == 2);
  inject(*db, home(), first.records);
  inject(*db, home(), second.records);

  auto profile = read(*db, "ElArr1ConsPower");
  REQUIRE(profile.size() == 3);
  const auto& p1 = profile[2].rec;
  CHECK(p1.timestamp == t0 + 1800);
  CHECK(integer(p1, "cTime") == 30);
  CHECK(real(p1, "P+") == 1500.0);
  CHECK(real(p1, "Q+") == 60.0);
  CHECK(null(p1, "P-"));
  CHECK(integer(p1, "isSummer") == 1);
  CHECK(integer(p1, "isPart") == 0);
  const auto& p2 = profile[1].rec;
  CHECK(real(p2, "P+") == 500.0);
  CHECK(integer(p2, "isPart") == 1);
  CHECK(integer(p2, "isOvfl") == 0);
  const auto& p3 = profile[0].rec;
  CHECK(null(p3, "P+"));
  CHECK(integer(p3, "isOvfl") == 1);

  SECTION("period energies and period averages are taken directly") {
    reading_mapper direct{{moscow, 300}};
    auto out = direct.map(home(), {archived("1-0:1.29.0", 250.0, unit::wh, t0 + 9000),
                                   archived("1-0:2.5.0", 42.5, unit::w, t0 + 9000),
                                   archived("1-0:1.29.0", 1.0, unit::wh, t0 + 9001)}); // off the period grid
    CHECK(out.dropped == 1);
    REQUIRE(out.records.size() == 1);
    CHECK(real(out.records[0], "P+") == 500.0);
    CHECK(real(out.records[0], "P-") == 42.5);
    CHECK(integer(out.records[0], "cTime") == 30);
  }
  SECTION("a period given directly and by registers is one record: the direct values stand, registers fill in") {
    reading_mapper both{{moscow, 300}};
    auto out = both.map(home(), {archived("1-0:1.8.0", 10'000.0, unit::wh, t0),
                                 archived("1-0:3.8.0", 500.0, unit::varh, t0),
                                 archived("1-0:1.8.0", 10'750.0, unit::wh, t0 + 1800),
                                 archived("1-0:3.8.0", 530.0, unit::varh, t0 + 1800),
                                 archived("1-0:1.29.0", 700.0, unit::wh, t0 + 1800)});
    REQUIRE(out.records.size() == 1);
    CHECK(real(out.records[0], "P+") == 1400.0); // the meter's own period energy, not the registers' 1500
    CHECK(real(out.records[0], "Q+") == 60.0);
    CHECK(integer(out.records[0], "isOvfl") == 0);
  }
}

TEST_CASE("a restarted mapper given the saved profile points closes the period begun before the restart") {
  const auto t0 = november_first + 12 * 3600;
  const auto start = archived("1-0:1.8.0", 10'000.0, unit::wh, t0);
  const auto end = archived("1-0:1.8.0", 10'500.0, unit::wh, t0 + 1800);
  reading_mapper before{{moscow, 300}};
  CHECK(before.unsaved_profiles().empty());
  CHECK(before.map(home(), {start}).records.empty());
  auto saved = before.unsaved_profiles();
  REQUIRE(saved.size() == 1);
  CHECK(saved.begin()->first == "p1-home");
  CHECK(saved.begin()->second.size() == 1);
  before.profiles_saved();
  CHECK(before.unsaved_profiles().empty());

  reading_mapper forgetful{{moscow, 300}}; // what a restart without the saved points does
  CHECK(forgetful.map(home(), {end}).records.empty());
  reading_mapper after{{moscow, 300}};
  after.restore_profiles(saved);
  auto closed = after.map(home(), {end});
  REQUIRE(closed.records.size() == 1);
  CHECK(closed.records[0].timestamp == t0 + 1800);
  CHECK(real(closed.records[0], "P+") == 1000.0);
  CHECK(after.unsaved_profiles().at("p1-home").size() == 2);
}

TEST_CASE("power failures and journal events become numbered journal records, once") {
  auto db = memory_db();
  reading_mapper mapper{{moscow, 300}};
  const auto end = november_first + 5000;
  const std::vector<reading> log{live("1-0:99.97.0", 3600, unit::second, end),
                                 live("x:journal.ElJrnlOpen", 1, unit::none, end + 10),
                                 live("x:journal.NoSuchJournal", 1, unit::none, end + 10),
                                 live("x:journal.ElMomentEnergy", 1, unit::none, end + 10)};
  auto out = mapper.map(home(), log);
  CHECK(out.unmapped == 2);
  REQUIRE(out.records.size() == 3);
  inject(*db, home(), out.records);
  inject(*db, home(), mapper.map(home(), log).records); // the same log in the next telegram
  auto power = read(*db, "ElJrnlPwr");
  REQUIRE(power.size() == 2);
  CHECK(power[1].rec.timestamp == end - 3600);
  CHECK(integer(power[1].rec, "event") == 0);
  CHECK(integer(power[1].rec, "eventId") == 0);
  CHECK(power[0].rec.timestamp == end);
  CHECK(integer(power[0].rec, "event") == 1);
  CHECK(integer(power[0].rec, "eventId") == 1);
  auto opened = read(*db, "ElJrnlOpen");
  REQUIRE(opened.size() == 1);
  CHECK(integer(opened[0].rec, "eventId") == 0);

  inject(*db, home(), mapper.map(home(), {live("1-0:99.97.0", 60, unit::second, end + 86'400)}).records);
  power = read(*db, "ElJrnlPwr");
  REQUIRE(power.size() == 4);
  CHECK(integer(power[0].rec, "eventId") == 3);
  CHECK(integer(power[1].rec, "eventId") == 2);
}

TEST_CASE("events of two journals and a power failure shorter than a second, all in one second, are kept") {
  auto db = memory_db();
  reading_mapper mapper{{moscow, 300}};
  const auto t = november_first + 7000;
  const std::vector<reading> log{live("1-0:99.97.0", 0.2, unit::second, t), // off and on in the same second
                                 live("x:journal.ElJrnlOpen", 1, unit::none, t),
                                 live("x:journal.ElJrnlOpen", 2, unit::none, t),
                                 live("x:journal.ElJrnlOpen", 2, unit::none, t)}; // repeated: one record
  auto out = mapper.map(home(), log);
  CHECK(out.used == 4);
  REQUIRE(out.records.size() == 4);
  inject(*db, home(), out.records);
  inject(*db, home(), mapper.map(home(), log).records);
  auto power = read(*db, "ElJrnlPwr");
  REQUIRE(power.size() == 2);
  for (const auto& p : power) {
    CHECK(p.rec.timestamp == t);
    CHECK(integer(p.rec, "event") == integer(p.rec, "eventId")); // off first (0), then on (1)
  }
  auto opened = read(*db, "ElJrnlOpen");
  REQUIRE(opened.size() == 2);
  CHECK(integer(opened[0].rec, "event") + integer(opened[1].rec, "event") == 3);
  CHECK(integer(opened[0].rec, "eventId") + integer(opened[1].rec, "eventId") == 1);
}

TEST_CASE("a new device's ElConfig takes the defaults and the configured tags") {
  auto who = home();
  who.config["kI"] = "40";
  who.config["serial"] = "047123456";
  auto config = device_config(who);
  REQUIRE(config);
  CHECK(std::get<std::string>(config->values.at("serial")) == "047123456");
  CHECK(std::get<std::string>(config->values.at("model")) == "NEVA3xx");
  CHECK(std::get<double>(config->values.at("kI")) == 40.0);
  who.config["isTrf"] = "maybe";
  auto bad = device_config(who);
  REQUIRE_FALSE(bad);
  CHECK(bad.error() == um40_errc::bad_value);
  who.config.erase("isTrf");
  who.config["colour"] = "red";
  CHECK(device_config(who).error() == um40_errc::unknown_tag);
}

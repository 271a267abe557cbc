#include <catch2/catch.hpp>

#include "memory_db.hpp"
#include "meterhub/um40/error.hpp"
#include "meterhub/um40/readback.hpp"
#include "meterhub/um40/statements.hpp"

using namespace meterhub::um40;

namespace {

void write(target& db, const std::vector<statement>& batch) {
  auto err = db.write(batch);
  INFO(meterhub::describe(err));
  REQUIRE_FALSE(err);
}

void add_meter(target& db, std::int64_t meter_id) {
  meter m;
  m.meter_id = meter_id;
  write(db, {insert_meter(m)});
}

record energy(const char* type, std::int64_t meter_id, std::int64_t ts, double a_plus_0, double a_plus_1) {
  record r{find_record_type(type), meter_id, ts, true, {}};
  REQUIRE_FALSE(set_value(r, "A+0", a_plus_0));
  REQUIRE_FALSE(set_value(r, "A+1", a_plus_1));
  return r;
}

void write_record_to(target& db, const record& r) {
  auto batch = write_record(r);
  REQUIRE(batch);
  write(db, *batch);
}

std::vector<stored_record> read(target& db, const char* type, std::int64_t meter_id = 0, int last = 100) {
  const auto* t = find_record_type(type);
  auto rows = db.query(select_records(*t, meter_id, last), record_columns(*t));
  REQUIRE(rows);
  auto records = records_from_rows(*t, *rows);
  REQUIRE(records);
  return *records;
}

} // namespace

TEST_CASE("a meter is added once, with type and interface resolved by name") {
  auto db = memory_db();
  add_meter(*db, 1001);
  add_meter(*db, 1001);
  CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterTable") == "1");
  CHECK(scalar(*db, "SELECT t.Type FROM MeterTable m JOIN MeterTypes t ON t.Id = m.TypeId") == "SE303");
  CHECK(scalar(*db, "SELECT Address FROM MeterTable") == "ТЕСТ");
  auto next = db->query(next_meter_id(), 1);
  CHECK((*next)[0][0] == std::optional<std::string>{"1002"});
  meter unknown;
  unknown.meter_id = 7;
  unknown.type_name = "NoSuchType";
  write(*db, {insert_meter(unknown)});
  CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterTable") == "1");
  CHECK(db->query(meter_type_id("NoSuchType"), 1)->empty());
}

TEST_CASE("an energy record is one header and five tariff rows, written once however often it is sent") {
  auto db = memory_db();
  add_meter(*db, 1001);
  const auto r = energy("ElMomentEnergy", 1001, 1'700'000'000, 1500.5, 1000.25);
  write_record_to(*db, r);
  write_record_to(*db, r);
  CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterData") == "1");
  CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricEnergyValues") == "5");
  CHECK(scalar(*db, "SELECT RecordTypeId FROM MeterData") == "4");
  CHECK(scalar(*db, "SELECT Ap FROM ElectricEnergyValues WHERE Tariff = 1") == "1000.25");
  CHECK(scalar(*db, "SELECT Ap FROM ElectricEnergyValues WHERE Tariff = 2") == "NULL");
  auto back = read(*db, "ElMomentEnergy");
  REQUIRE(back.size() == 1);
  CHECK(back[0].rec.timestamp == 1'700'000'000);
  CHECK(std::get<double>(back[0].rec.values.at("A+0")) == 1500.5);
  auto json = to_json(back[0]);
  CHECK(json["A+1"] == 1000.25);
  CHECK(json["R-4"].is_null());
  CHECK(json["id"] == 1);
  CHECK(json["Valid"] == 1);
}

TEST_CASE("an invalid record has a header and no value rows, and becomes valid when values arrive") {
  auto db = memory_db();
  add_meter(*db, 1001);
  auto r = energy("ElDayEnergy", 1001, 1'700'000'000, 1, 2);
  r.valid = false;
  write_record_to(*db, r);
  CHECK(scalar(*db, "SELECT Valid FROM MeterData") == "0");
  CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricEnergyValues") == "0");
  CHECK(read(*db, "ElDayEnergy")[0].rec.values.empty());
  r.valid = true;
  write_record_to(*db, r);
  CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterData") == "1");
  CHECK(scalar(*db, "SELECT Valid FROM MeterData") == "1");
  CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricEnergyValues") == "5");
  r.valid = false; // a later "no data" marker does not erase data
  write_record_to(*db, r);
  CHECK(scalar(*db, "SELECT Valid FROM MeterData") == "1");
}

TEST_CASE("quality rows per phase, with U, I and Angle NULL on Summ and F only there") {
  auto db = memory_db();
  add_meter(*db, 1001);
  record r{find_record_type("ElMomentQuality"), 1001, 1'700'000'000, true, {}};
  for (auto [tag, v] : {std::pair{"UA", 230.1}, {"UB", 231.2}, {"UC", 229.3}, {"PS", 1500.0}, {"Freq", 50.01},
                        {"AngAB", 120.0}, {"kPS", 0.98}})
    REQUIRE_FALSE(set_value(r, tag, v));
  write_record_to(*db, r);
  CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricQualityValues") == "4");
  CHECK(scalar(*db, "SELECT U FROM ElectricQualityValues WHERE Phase = 'B'") == "231.2");
  CHECK(scalar(*db, "SELECT F FROM ElectricQualityValues WHERE Phase = 'Summ'") == "50.01");
  CHECK(scalar(*db, "SELECT U FROM ElectricQualityValues WHERE Phase = 'Summ'") == "NULL");
  CHECK(scalar(*db, "SELECT Angle FROM ElectricQualityValues WHERE Phase = 'A'") == "120.0");
  auto back = read(*db, "ElMomentQuality");
  REQUIRE(back.size() == 1);
  CHECK(std::get<double>(back[0].rec.values.at("kPS")) == 0.98);
  CHECK(std::get<double>(back[0].rec.values.at("UC")) == 229.3);
}

TEST_CASE("power, journal and pulse records land in their tables") {
  auto db = memory_db();
  add_meter(*db, 1001);
  record p{find_record_type("ElArr1ConsPower"), 1001, 1'700'001'800, true, {}};
  REQUIRE_FALSE(set_tag(p, "cTime", "30"));
  REQUIRE_FALSE(set_tag(p, "P+", "1234.5"));
  REQUIRE_FALSE(set_tag(p, "isSummer", "1"));
  write_record_to(*db, p);
  CHECK(scalar(*db, "SELECT Period || ' ' || Pp || ' ' || Season || ' ' || IFNULL(Pm, 'null') FROM "
                    "ElectricPowerValues") == "30 1234.5 1 null");
  record j{find_record_type("ElJrnlOpen"), 1001, 1'700'000'123, true, {}};
  REQUIRE_FALSE(set_tag(j, "event", "1"));
  REQUIRE_FALSE(set_tag(j, "eventId", "7"));
  write_record_to(*db, j);
  CHECK(read(*db, "ElJrnlOpen")[0].rec.values.at("eventId") == value{std::int64_t{7}});
  record pl{find_record_type("PlsHourPulse"), 1001, 1'700'000'000, true, {}};
  REQUIRE_FALSE(set_tag(pl, "Pls32", "17.5"));
  write_record_to(*db, pl);
  CHECK(scalar(*db, "SELECT Chnl32 FROM PulseValues") == "17.5");
}

TEST_CASE("two events of one journal in the same second are two records, each written once") {
  auto db = memory_db();
  add_meter(*db, 1001);
  auto event = [](const char* code) {
    record j{find_record_type("ElJrnlPwr"), 1001, 1'700'000'123, true, {}};
    REQUIRE_FALSE(set_tag(j, "event", code));
    return j;
  };
  record marker{find_record_type("ElJrnlPwr"), 1001, 1'700'000'123, false, {}}; // "no data" for that second
  write_record_to(*db, marker);
  for (int pass = 0; pass < 2; ++pass) { // the second pass is a redelivery
    write_record_to(*db, event("0"));
    write_record_to(*db, event("1"));
    write_record_to(*db, event("0"));
  }
  CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterData") == "2"); // the marker became the first event
  CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterData WHERE Valid = 1") == "2");
  CHECK(scalar(*db, "SELECT group_concat(Event) FROM (SELECT Event FROM JournalValues ORDER BY Id)") == "0,1");
  record unnumbered{find_record_type("ElJrnlPwr"), 1001, 1'700'000'123, true, {}}; // no event code at all
  write_record_to(*db, unnumbered);
  write_record_to(*db, unnumbered);
  CHECK(scalar(*db, "SELECT COUNT(*) FROM JournalValues WHERE Event IS NULL") == "1");
}

TEST_CASE("unknown tags and wrong value kinds are refused before anything is written") {
  record r{find_record_type("ElMomentEnergy"), 1001, 0, true, {}};
  CHECK(set_tag(r, "A+5", "1") == um40_errc::unknown_tag);
  CHECK(set_tag(r, "UA", "1") == um40_errc::unknown_tag);
  CHECK(set_tag(r, "A+1", "twelve") == um40_errc::bad_value);
  CHECK(set_tag(r, "Valid", "2") == um40_errc::bad_value);
  CHECK_FALSE(set_tag(r, "Valid", "0"));
  CHECK_FALSE(r.valid);
  CHECK_FALSE(set_tag(r, "Timestamp", "1700000000"));
  CHECK(r.timestamp == 1'700'000'000);
  CHECK(set_tag(r, "ts", "yesterday") == um40_errc::bad_value);
  record p{find_record_type("ElArr1ConsPower"), 1001, 0, true, {}};
  CHECK(set_tag(p, "isPart", "yes") == um40_errc::bad_value);
  CHECK(set_value(p, "cTime", 30.5) == um40_errc::bad_value);
  CHECK_FALSE(set_value(p, "cTime", 30.0));
  CHECK(r.values.empty());
}

TEST_CASE("configs: inserted once per meter, replaced tag by tag on request") {
  auto db = memory_db();
  add_meter(*db, 1001);
  record c{find_record_type("ElConfig"), 1001, 1'600'000'000, true, {}};
  REQUIRE_FALSE(set_tag(c, "serial", "0000001001"));
  REQUIRE_FALSE(set_tag(c, "kI", "12.5"));
  auto first = write_record(c, false);
  write(*db, *first);
  write(*db, *first);
  CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricConfig") == "1");
  REQUIRE_FALSE(set_tag(c, "kI", "40"));
  write(*db, *write_record(c, false));
  CHECK(scalar(*db, "SELECT CurrentCoeff FROM ElectricConfig") == "12.5");
  write(*db, *write_record(c, true));
  CHECK(scalar(*db, "SELECT CurrentCoeff FROM ElectricConfig") == "40.0");
  CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricConfig") == "1");
  auto back = read(*db, "ElConfig");
  REQUIRE(back.size() == 1);
  CHECK(to_json(back[0])["serial"] == "0000001001");
  CHECK_FALSE(to_json(back[0]).contains("Valid"));
}

TEST_CASE("day and month consumption are the differences of consecutive archive records, in any order") {
  auto db = memory_db();
  add_meter(*db, 1001);
  const std::int64_t d1 = 1'700'000'000 - 1'700'000'000 % 86400, d2 = d1 + 86400, d3 = d2 + 86400;
  auto put = [&](std::int64_t ts, double a0, double a1) {
    write_record_to(*db, energy("ElDayEnergy", 1001, ts, a0, a1));
    write(*db, derive_consumption(*find_record_type("ElDayEnergy"), 1001, ts));
  };
  put(d1, 1000, 600);
  CHECK(read(*db, "ElDayConsEnergy").empty());
  put(d3, 1500, 800); // a gap: d2 is missing, so no consumption yet
  CHECK(read(*db, "ElDayConsEnergy").empty());
  put(d2, 1200, 700); // fills both days, before and after
  auto cons = read(*db, "ElDayConsEnergy");
  REQUIRE(cons.size() == 2);
  CHECK(cons[0].rec.timestamp == d2);
  CHECK(std::get<double>(cons[0].rec.values.at("A+0")) == 300.0);
  CHECK(std::get<double>(cons[0].rec.values.at("A+1")) == 100.0);
  CHECK(cons[1].rec.timestamp == d1);
  CHECK(std::get<double>(cons[1].rec.values.at("A+0")) == 200.0);
  CHECK(is_null(cons[1].rec.values.at("A+2")));
  put(d2, 1200, 700); // again: nothing new
  CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterData WHERE RecordTypeId = 7") == "2");
  CHECK(scalar(*db, "SELECT COUNT(*) FROM ElectricEnergyValues") == std::to_string(5 * 5));
}

TEST_CASE("show filters by meter and keeps the newest first") {
  auto db = memory_db();
  add_meter(*db, 1001);
  add_meter(*db, 1002);
  for (int i = 0; i < 5; ++i)
    write_record_to(*db, energy("ElMomentEnergy", 1001 + i % 2, 1'700'000'000 + i * 300, i, i));
  auto last2 = read(*db, "ElMomentEnergy", 1001, 2);
  REQUIRE(last2.size() == 2);
  CHECK(last2[0].rec.timestamp == 1'700'001'200);
  CHECK(last2[1].rec.timestamp == 1'700'000'600);
  CHECK(last2[0].rec.meter_id == 1001);
  auto meters = db->query(select_meters(0), meter_columns);
  auto listed = meters_from_rows(*meters);
  REQUIRE(listed);
  REQUIRE(listed->size() == 2);
  CHECK(to_json((*listed)[1])["id"] == 1002);
  CHECK(to_json((*listed)[1])["typeName"] == "SE303");
}

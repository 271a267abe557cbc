#include <catch2/catch.hpp>

#include "memory_db.hpp"
#include "meterhub/um40/schema.hpp"

using namespace meterhub::um40;

TEST_CASE("the 59 record types in ArchTypes order, with the attested ids and the device's own spellings") {
  const auto types = record_types();
  REQUIRE(types.size() == 59);
  CHECK(types[0].name == "ElConfig");           // id 1, attested
  CHECK(types[56].name == "ElJrnlLimPwrQM");    // id 57, attested
  CHECK(types[58].name == "PlsJrnlTimeCorr");
  CHECK(find_record_type("ElJrnlUnAyth") != nullptr);
  CHECK(find_record_type("ElJrnlReverce") != nullptr);
  CHECK(find_record_type("ElJrnlUnAuth") == nullptr);
  CHECK(find_record_type("eldayenergy") == nullptr);
  int journals = 0;
  for (const auto& t : types)
    journals += is_journal(t) ? 1 : 0;
  CHECK(journals == 43);
  CHECK(find_record_type("ElArr1ConsPower")->default_records == 1680);
  CHECK(find_record_type("ElMonthEnergy")->default_records == 12);
}

TEST_CASE("tags map to the spec's columns and rows") {
  const auto& energy = layout_of(value_table::energy);
  CHECK(energy.sql_name == "ElectricEnergyValues");
  CHECK(energy.tags.size() == 20);
  const auto* am3 = find_tag(energy, "A-3");
  REQUIRE(am3 != nullptr);
  CHECK(am3->column == "Am");
  CHECK(am3->row == 3);
  CHECK(find_tag(energy, "A+5") == nullptr);
  const auto& quality = layout_of(value_table::quality);
  CHECK(find_tag(quality, "AngBC")->row == 1);
  CHECK(find_tag(quality, "Freq")->column == "F");
  CHECK(find_tag(quality, "kPS")->row == 3);
  CHECK(find_tag(layout_of(value_table::power), "isSummer")->column == "Season");
  CHECK(find_tag(layout_of(value_table::electric_config), "isAm")->column == "Reactive"); // the API's "sic" pairing
  CHECK(find_tag(layout_of(value_table::pulse), "Pls32")->column == "Chnl32");
  CHECK(find_tag(layout_of(value_table::journal), "eventId")->column == "EventId");
}

TEST_CASE("a fresh meter.db has every table and the lookup tables filled") {
  auto db = memory_db();
  CHECK(scalar(*db, "SELECT COUNT(*) FROM ArchTypes") == "59");
  CHECK(scalar(*db, "SELECT Id FROM ArchTypes WHERE Name = 'ElDayEnergy'") == "5");
  CHECK(scalar(*db, "SELECT Records FROM ArchInfo WHERE RecordTypeId = 10") == "1680");
  CHECK(scalar(*db, "SELECT COUNT(*) FROM MeterTypes") == "27");
  CHECK(scalar(*db, "SELECT Id FROM MeterIfaces WHERE Name = 'Hub'") == "6");
  for (const char* table : {"MeterTable", "ElectricConfig", "DigitalConfig", "PulseConfig", "MeterData",
                            "ElectricEnergyValues", "ElectricQualityValues", "ElectricPowerValues", "PulseValues",
                            "DigitalValues", "JournalValues"})
    CHECK(scalar(*db, std::string{"SELECT COUNT(*) FROM sqlite_master WHERE name = '"} + table + "'") == "1");
  CHECK(scalar(*db, "SELECT COUNT(*) FROM pragma_table_info('PulseValues')") == "34");
}

#include "meterhub/core/quantity_names.hpp"

#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "meterhub/core/obis.hpp"

using namespace meterhub;

namespace {

bool topic_safe(const std::string& name) {
  if (name.empty())
    return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

/// Every name the table can produce: fixed rows, and M-Bus rows for channels 1..4 with each unit word.
std::set<std::string> all_table_names(std::size_t& count) {
  std::set<std::string> names;
  count = 0;
  for (const auto& row : quantity_name_table()) {
    if (!row.quantity.starts_with("0-n:")) {
      names.insert(std::string{row.name});
      ++count;
      continue;
    }
    for (int n = 1; n <= 4; ++n)
      for (auto u : {unit::m3, unit::gj, unit::wh, unit::none}) {
        const auto q = "0-" + std::to_string(n) + ":" + std::string{row.quantity.substr(4)};
        if (!row.unit_suffix && u != unit::none)
          continue;
        names.insert(readable_name(q, u));
        ++count;
      }
  }
  return names;
}

} // namespace

TEST_CASE("quantity names: the quantities of the vocabulary have the documented names") {
  CHECK(readable_name("1-0:1.8.0") == "energy_import_wh");
  CHECK(readable_name("1-0:1.8.1") == "energy_import_t1_wh");
  CHECK(readable_name("1-0:2.8.4") == "energy_export_t4_wh");
  CHECK(readable_name("1-0:3.8.0") == "reactive_energy_import_varh");
  CHECK(readable_name("1-0:1.7.0") == "power_import_w");
  CHECK(readable_name("1-0:62.7.0") == "power_export_l3_w");
  CHECK(readable_name("1-0:32.7.0") == "voltage_l1_v");
  CHECK(readable_name("1-0:51.7.0") == "current_l2_a");
  CHECK(readable_name("1-0:73.7.0") == "power_factor_l3");
  CHECK(readable_name("1-0:14.7.0") == "frequency_hz");
  CHECK(readable_name("1-0:9.7.0") == "apparent_power_va");
  CHECK(readable_name("1-0:81.7.4") == "phase_angle_l1_deg");
  CHECK(readable_name("0-0:96.14.0") == "tariff");
  CHECK(readable_name("x:temperature") == "temperature_c");
  CHECK(readable_name("x:max_demand.2") == "max_demand_t2_w");
  CHECK(readable_label("1-0:1.8.1") == "Energy import tariff 1");
  CHECK(readable_label("1-0:32.7.0") == "Voltage L1");
}

TEST_CASE("quantity names: non-canonical OBIS text names the same quantity") {
  CHECK(readable_name("1-0:32.7.0*255") == "voltage_l1_v");
  CHECK(readable_name("1-0:01.8.1") == "energy_import_t1_wh");
}

TEST_CASE("quantity names: M-Bus channels get the channel and the unit's word") {
  CHECK(readable_name("0-1:24.2.1", unit::m3) == "mbus1_volume_m3");
  CHECK(readable_name("0-2:24.2.1", unit::gj) == "mbus2_heat_gj");
  CHECK(readable_name("0-1:24.2.1") == "mbus1_total");
  CHECK(readable_name("0-1:24.2.3", unit::m3) == "mbus1_uncorrected_volume_m3");
  CHECK(readable_name("0-3:24.1.0") == "mbus3_device_type");
  CHECK(readable_name("0-1:96.1.0") == "mbus1_serial_number");
  CHECK(readable_label("0-2:24.2.1") == "M-Bus 2 meter reading");
  CHECK(quantity_of_name("mbus2_heat_gj") == "0-2:24.2.1");
  CHECK(quantity_of_name("mbus1_uncorrected_total") == "0-1:24.2.3");
  CHECK(quantity_of_name("mbus1_device_type") == "0-1:24.1.0");
  CHECK_FALSE(quantity_of_name("mbus0_device_type"));
  CHECK_FALSE(quantity_of_name("mbus1_nothing"));
}

TEST_CASE("quantity names: table names are unique, topic-safe and never look like a fallback") {
  std::size_t count = 0;
  const auto names = all_table_names(count);
  CHECK(names.size() == count);
  std::set<std::string> quantities;
  for (const auto& row : quantity_name_table()) {
    CHECK(quantities.insert(std::string{row.quantity}).second);
    CHECK_FALSE(row.label.empty());
  }
  for (const auto& name : names) {
    INFO(name);
    CHECK(topic_safe(name));
    CHECK_FALSE(name.starts_with("obis_"));
    CHECK_FALSE(name.starts_with("x_"));
    CHECK_FALSE(name.starts_with("q_"));
    for (auto word : reserved_topic_words())
      CHECK(name != word);
  }
}

TEST_CASE("quantity names: every table quantity round-trips through its name") {
  for (const auto& row : quantity_name_table()) {
    if (row.quantity.starts_with("0-n:"))
      continue;
    INFO(row.quantity);
    const auto name = readable_name(row.quantity);
    CHECK(name == row.name);
    CHECK(quantity_of_name(name) == std::string{row.quantity});
    if (!row.quantity.starts_with("x:"))
      CHECK(obis_code::parse(row.quantity)->to_string() == row.quantity); // rows are canonical
  }
}

TEST_CASE("quantity names: OBIS codes outside the table fall back to their groups and round-trip") {
  CHECK(readable_name("1-0:15.8.128") == "obis_1_0_15_8_128");
  CHECK(readable_name("1-0:99.1.0*5") == "obis_1_0_99_1_0_5");
  CHECK(readable_name("1-1:1.8.0") == "obis_1_1_1_8_0");
  CHECK(readable_label("1-0:15.8.128") == "1-0:15.8.128");
  for (auto q : {"1-0:15.8.128", "1-0:99.1.0*5", "255-255:255.255.255*254", "0-0:0.0.0", "1-3:0.2.8"})
    CHECK(quantity_of_name(readable_name(q)) == std::string{q});
  CHECK_FALSE(quantity_of_name("obis_1_0_256_8_0"));
  CHECK_FALSE(quantity_of_name("obis_1_0_1_8"));
  CHECK_FALSE(quantity_of_name("obis_1_0_1_8_0_1_2"));
  CHECK_FALSE(quantity_of_name("obis_1__1_8_0"));
}

TEST_CASE("quantity names: x quantities keep their name, escaped where it would read back otherwise") {
  CHECK(readable_name("x:machine_state") == "machine_state");
  CHECK(readable_name("x:di.3") == "di_3");
  CHECK(readable_name("x:Run-Time") == "run_time");
  CHECK(readable_label("x:machine_state") == "Machine state");
  CHECK(readable_name("x:energy_import_wh") == "x_energy_import_wh");
  CHECK(readable_name("x:obis_1_0_1_8_0") == "x_obis_1_0_1_8_0");
  CHECK(readable_name("x:mbus1_total") == "x_mbus1_total");
  CHECK(readable_name("x:state") == "x_state");
  CHECK(readable_name("x:x_y") == "x_x_y");
  CHECK(readable_name("x:") == "x_");
  for (auto q : {"x:machine_state", "x:energy_import_wh", "x:obis_1_0_1_8_0", "x:mbus1_total", "x:state", "x:x_y",
                 "x:", "x:q_1", "x:set", "x:temperature_c", "x:mbus", "x:mbus0_a", "x:obisx", "x:di_count_16"})
    CHECK(quantity_of_name(readable_name(q)) == std::string{q});
  CHECK(quantity_of_name("di_3") == "x:di_3"); // lossy: the '.' of x:di.3 is not in the name
  CHECK(quantity_of_name("temperature_c") == "x:temperature");
}

TEST_CASE("quantity names: text outside the contract is made safe and does not read back") {
  CHECK(readable_name("foo bar/+#") == "q_foo_bar___");
  CHECK(readable_name("") == "q_");
  CHECK_FALSE(quantity_of_name("q_foo"));
  CHECK_FALSE(quantity_of_name("state"));
  CHECK_FALSE(quantity_of_name(""));
  CHECK_FALSE(quantity_of_name("Energy"));
  CHECK_FALSE(quantity_of_name("a/b"));
}

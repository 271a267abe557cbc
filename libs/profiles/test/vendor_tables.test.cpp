// Every register of a shipped vendor profile against the vendor's table in tests/data/vendor/<id>.csv.
#include <catch2/catch.hpp>

#include <fstream>
#include <optional>

#include "helpers.hpp"
#include "meterhub/profiles/numbering.hpp"

using namespace meterhub;
using namespace meterhub::profiles;

namespace {

const std::filesystem::path profiles_dir{MH_PROFILES_DIR};
const std::filesystem::path vendor_dir = std::filesystem::path{MH_TEST_DATA_DIR} / "vendor";

/// One row of a vendor table.
struct vendor_row {
  modbus::table table = modbus::table::holding;
  std::uint16_t address = 0;
  std::string type;   ///< "f32", "bits:3", "string:7"
  std::string order;  ///< "ABCD"
  double factor = 1;  ///< to the SI unit
  meterhub::unit unit = meterhub::unit::none;
  std::string text;   ///< the whole line, for messages
};

std::vector<std::string> split(const std::string& line, std::size_t fields) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (out.size() + 1 < fields) {
    auto comma = line.find(',', start);
    if (comma == std::string::npos)
      break;
    out.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
  out.push_back(line.substr(start));
  return out;
}

/// "0.1 kWh" → factor 100, unit Wh.
void parse_unit(const std::string& text, vendor_row& row) {
  auto space = text.find(' ');
  REQUIRE(space != std::string::npos);
  row.factor = std::stod(text.substr(0, space));
  auto u = text.substr(space + 1);
  if (u == "kWh" || u == "kvarh" || u == "kVAh") {
    row.factor *= 1000;
    u = u == "kWh" ? "Wh" : u == "kvarh" ? "varh" : "VAh";
  }
  if (u == "-" || u == "%" || u == "min" || u == "ms")
    u = "";
  if (u == "degree")
    u = "°";
  auto si = unit_from_string(u);
  INFO(text);
  REQUIRE(si);
  row.unit = *si;
}

vendor_row parse_row(const std::string& line) {
  auto f = split(line, 6);
  INFO(line);
  REQUIRE(f.size() == 6);
  vendor_row row;
  row.text = line;
  auto t = modbus::table_from_string(f[1]);
  REQUIRE(t);
  row.table = *t;
  if (auto vendor = parse_vendor_register(f[0])) {
    REQUIRE(vendor->first == row.table);
    row.address = vendor->second;
  } else {
    auto a = parse_address(f[0]);
    REQUIRE(a);
    row.address = *a;
  }
  row.type = f[2];
  row.order = f[3];
  parse_unit(f[4], row);
  return row;
}

std::vector<vendor_row> vendor_table(const std::string& id) {
  std::ifstream in{vendor_dir / (id + ".csv")};
  REQUIRE(in);
  std::vector<vendor_row> rows;
  bool header = true;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#')
      continue;
    if (header) {
      CHECK(line == "register_or_address,table,type,word_order,unit_or_scale,description");
      header = false;
      continue;
    }
    rows.push_back(parse_row(line));
  }
  return rows;
}

/// The register's type as the vendor tables write it.
std::string type_text(const register_def& def) {
  std::string text{to_string(def.spec.type)};
  if (def.spec.type == modbus::value_type::bits) {
    text += ":" + std::to_string(def.spec.bit_offset);
    if (def.spec.bit_count > 1)
      text += "-" + std::to_string(def.spec.bit_offset + def.spec.bit_count - 1);
  }
  if (def.spec.type == modbus::value_type::string)
    text += ":" + std::to_string(def.spec.length);
  return text;
}

void check_register(const register_def& def, const std::vector<vendor_row>& rows) {
  INFO("register " << def.name << " (" << to_string(def.table) << " " << def.address << ", " << type_text(def) << ")");
  const vendor_row* row = nullptr;
  for (const auto& r : rows)
    if (r.table == def.table && r.address == def.address && (r.type == type_text(def) || !row))
      row = &r;
  REQUIRE(row != nullptr);
  INFO("vendor row: " << row->text);
  CHECK(row->type == type_text(def));
  if (modbus::register_count(def.spec) > 1 && def.spec.type != modbus::value_type::string)
    CHECK(row->order == to_string(def.spec.order));
  CHECK(def.scaling.scale == Approx(row->factor).epsilon(1e-12));
  CHECK(def.scaling.offset == 0.0);
  if (!def.quantity.empty())
    CHECK(def.unit == row->unit);
}

} // namespace

TEST_CASE("every vendor profile's registers match the vendor's table") {
  for (const char* id : {"sdm630", "sdm120", "carlo-gavazzi-em24", "owen-mv110-224-16dn"}) {
    INFO("profile " << id);
    auto p = load_profile(profiles_dir / (std::string{id} + ".yaml"));
    REQUIRE(p);
    auto rows = vendor_table(id);
    CHECK(rows.size() >= p->registers.size() / 2);
    CHECK(p->source.size() > 20);
    for (const auto& def : p->registers)
      check_register(def, rows);
  }
}

TEST_CASE("every shipped Modbus profile has a vendor table, except the example and the template") {
  auto all = load_profiles(profiles_dir);
  REQUIRE(all);
  for (const auto& p : *all) {
    if (p.protocol != protocol::modbus || p.id == "owen-plc210-example" || p.id == "site-map")
      continue;
    INFO(p.id);
    CHECK(std::filesystem::exists(vendor_dir / (p.id + ".csv")));
  }
}

TEST_CASE("the table check catches a register that differs from the vendor's") {
  // A profile with 30001 as s32, the voltage scaled wrongly and an address the vendor does not list.
  auto rows = vendor_table("sdm630");
  auto p = test::load(test::modbus_profile(
    "      - {name: a, register: 30001, type: f32, word_order: ABCD, quantity: \"1-0:32.7.0\", unit: V}\n"));
  check_register(p.registers[0], rows); // the good one passes
  const vendor_row* voltage = nullptr;
  for (const auto& r : rows)
    if (r.table == modbus::table::input && r.address == 0)
      voltage = &r;
  REQUIRE(voltage != nullptr);
  CHECK(voltage->type == "f32");
  CHECK(voltage->unit == meterhub::unit::v);
  auto energy = std::find_if(rows.begin(), rows.end(), [](const vendor_row& r) { return r.address == 72; });
  REQUIRE(energy != rows.end());
  CHECK(energy->factor == 1000.0);
  CHECK(energy->unit == meterhub::unit::wh);
  CHECK(std::none_of(rows.begin(), rows.end(), [](const vendor_row& r) { return r.address == 1; }));
}

#include "meterhub/um40/statements.hpp"

#include <algorithm>
#include <cctype>

#include "meterhub/um40/error.hpp"

namespace meterhub::um40 {

namespace {

/// The meter whose MeterId is parameter ?n (the oldest row should a device list one number twice).
std::string device_of(int n) {
  return "(SELECT MIN(DeviceIdx) FROM MeterTable WHERE MeterId = ?" + std::to_string(n) + ")";
}

std::string type_of(int n) {
  return "(SELECT Id FROM ArchTypes WHERE Name = ?" + std::to_string(n) + ")";
}

constexpr std::int64_t day_window = 26 * 3600;       ///< a day, with room for a DST day of 25 hours
constexpr std::int64_t month_window = 32 * 86400;    ///< the longest month, likewise

std::string join(const std::vector<std::string_view>& names, std::string_view prefix = {}) {
  std::string out;
  for (auto n : names) {
    if (!out.empty())
      out += ", ";
    out += std::string{prefix} + std::string{n};
  }
  return out;
}

const value& value_of(const record& r, const table_layout& l, int row, std::string_view column) {
  static const value null;
  for (const auto& t : l.tags)
    if (t.row == row && t.column == column)
      if (auto it = r.values.find(t.tag); it != r.values.end())
        return it->second;
  return null;
}

std::string placeholder(statement& s, value v) {
  s.params.push_back(std::move(v));
  return "?" + std::to_string(s.params.size());
}

/// The header and the record's own ?1 meter, ?2 type name, ?3 timestamp, ?4 valid.
statement with_key(const record& r) {
  return {{}, {r.meter_id, std::string{r.type->name}, r.timestamp, std::int64_t{r.valid}}};
}

statement insert_header(const record& r) {
  auto s = with_key(r);
  s.sql = "INSERT INTO MeterData (DeviceIdx, RecordTypeId, Timestamp, Valid) SELECT d, k, ?3, ?4 FROM (SELECT " +
          device_of(1) + " AS d, " + type_of(2) +
          " AS k) WHERE d IS NOT NULL AND k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM MeterData WHERE DeviceIdx = d "
          "AND RecordTypeId = k AND Timestamp = ?3)";
  return s;
}

statement revalidate_header(const record& r) {
  auto s = with_key(r);
  s.sql = "UPDATE MeterData SET Valid = 1 WHERE Valid = 0 AND DeviceIdx = " + device_of(1) +
          " AND RecordTypeId = " + type_of(2) + " AND Timestamp = ?3";
  return s;
}

statement insert_values(const record& r) {
  const auto& l = layout_of(r.type->table);
  const auto columns = value_columns(l);
  auto s = with_key(r);
  std::string rows;
  for (std::size_t i = 0; i < l.rows.size(); ++i) {
    rows += rows.empty() ? "(" : ", (";
    std::string fields;
    if (!l.row_column.empty())
      fields = placeholder(s, l.rows[i]);
    for (auto c : columns)
      fields += (fields.empty() ? "" : ", ") + placeholder(s, value_of(r, l, static_cast<int>(i), c));
    rows += fields + ")";
  }
  std::string target = l.row_column.empty() ? join(columns) : std::string{l.row_column} + ", " + join(columns);
  s.sql = "INSERT INTO " + std::string{l.sql_name} + " (Id, " + target +
          ") SELECT h.Id, v.* FROM (SELECT MAX(Id) AS Id FROM MeterData WHERE DeviceIdx = " + device_of(1) +
          " AND RecordTypeId = " + type_of(2) + " AND Timestamp = ?3 AND Valid = 1) h, (VALUES " + rows +
          ") v WHERE h.Id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + std::string{l.sql_name} +
          " WHERE Id = h.Id)";
  return s;
}

/// A journal's records are keyed by their event code as well (?5, compared NULL-safely with IS): two events of one
/// journal in the same second (a power failure shorter than a second: off and on) are two records.
statement with_event(const record& r) {
  auto s = with_key(r);
  auto it = r.values.find("event");
  s.params.push_back(it == r.values.end() ? value{} : it->second);
  return s;
}

/// The headers of the record's meter, journal and second, as `m`.
std::string journal_headers() {
  return "MeterData m WHERE m.DeviceIdx = " + device_of(1) + " AND m.RecordTypeId = " + type_of(2) +
         " AND m.Timestamp = ?3";
}
constexpr const char* valueless = "NOT EXISTS (SELECT 1 FROM JournalValues WHERE Id = m.Id)";
constexpr const char* same_event = "EXISTS (SELECT 1 FROM JournalValues WHERE Id = m.Id AND Event IS ?5)";

/// A new header unless one of that second already holds this event, or has no event yet (a Valid=0 marker, which
/// the next statements fill).
statement insert_journal_header(const record& r) {
  auto s = with_event(r);
  s.sql = "INSERT INTO MeterData (DeviceIdx, RecordTypeId, Timestamp, Valid) SELECT d, k, ?3, ?4 FROM (SELECT " +
          device_of(1) + " AS d, " + type_of(2) + " AS k) WHERE d IS NOT NULL AND k IS NOT NULL AND NOT EXISTS "
          "(SELECT 1 FROM " + journal_headers() + " AND (" + valueless + " OR " + same_event + "))";
  return s;
}

/// The event into the second's header that has none yet, unless another header of that second holds it.
statement insert_journal_values(const record& r) {
  auto s = with_event(r);
  const auto event_id = placeholder(s, value_of(r, layout_of(r.type->table), 0, "EventId"));
  s.sql = "INSERT INTO JournalValues (Id, Event, EventId) SELECT h.Id, ?5, " + event_id + " FROM (SELECT MIN(m.Id) "
          "AS Id FROM " + journal_headers() + " AND m.Valid = 1 AND " + valueless + ") h WHERE h.Id IS NOT NULL AND "
          "NOT EXISTS (SELECT 1 FROM " + journal_headers() + " AND " + same_event + ")";
  return s;
}

std::vector<statement> write_config(const record& r, bool replace) {
  const auto& l = layout_of(r.type->table);
  const auto columns = value_columns(l);
  std::vector<statement> out;
  if (replace) {
    statement u{{}, {r.meter_id, r.timestamp}};
    std::string sets = "Timestamp = ?2";
    for (const auto& t : l.tags)
      if (auto it = r.values.find(t.tag); it != r.values.end())
        sets += ", " + std::string{t.column} + " = " + placeholder(u, it->second);
    u.sql = "UPDATE " + std::string{l.sql_name} + " SET " + sets + " WHERE DeviceIdx = " + device_of(1);
    out.push_back(std::move(u));
  }
  statement i{{}, {r.meter_id, r.timestamp}};
  std::string fields = "?2";
  for (auto c : columns)
    fields += ", " + placeholder(i, value_of(r, l, 0, c));
  i.sql = "INSERT INTO " + std::string{l.sql_name} + " (DeviceIdx, Timestamp, " + join(columns) + ") SELECT d, " +
          fields + " FROM (SELECT " + device_of(1) + " AS d) WHERE d IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " +
          std::string{l.sql_name} + " WHERE DeviceIdx = d)";
  out.push_back(std::move(i));
  return out;
}

/// The consumption between two archive records of one meter: `early` and `late` are SQL expressions of their
/// timestamps (one is ?3, the other looked up). Parameters: ?1 meter, ?2 archive type, ?3 timestamp, ?4 consumption
/// type.
std::vector<statement> consumption_between(const std::string& early, const std::string& late,
                                           const statement& params) {
  const std::string pair = "(SELECT " + device_of(1) + " AS d, " + early + " AS e, " + late + " AS l) p";
  auto at = [](const std::string& when) { // the archive record of meter p.d at `when`
    return "(SELECT MAX(Id) FROM MeterData WHERE DeviceIdx = p.d AND RecordTypeId = " + type_of(2) +
           " AND Timestamp = " + when + " AND Valid = 1)";
  };
  statement header = params;
  header.sql = "INSERT INTO MeterData (DeviceIdx, RecordTypeId, Timestamp, Valid) SELECT p.d, " + type_of(4) +
               ", p.e, 1 FROM " + pair +
               " WHERE p.d IS NOT NULL AND p.e IS NOT NULL AND p.l IS NOT NULL AND " + at("p.e") +
               " IS NOT NULL AND " + at("p.l") + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM MeterData WHERE "
               "DeviceIdx = p.d AND RecordTypeId = " + type_of(4) + " AND Timestamp = p.e)";
  statement values = params;
  values.sql = "INSERT INTO ElectricEnergyValues (Id, Tariff, Ap, Rp, Am, Rm) SELECT h.Id, b.Tariff, ROUND(b.Ap - a.Ap, 3), "
               "ROUND(b.Rp - a.Rp, 3), ROUND(b.Am - a.Am, 3), ROUND(b.Rm - a.Rm, 3) FROM " + pair +
               " JOIN (SELECT Id, DeviceIdx, Timestamp FROM MeterData WHERE RecordTypeId = " + type_of(4) +
               " AND Valid = 1) h ON h.DeviceIdx = p.d AND h.Timestamp = p.e JOIN ElectricEnergyValues a ON a.Id = " +
               at("p.e") + " JOIN ElectricEnergyValues b ON b.Id = " + at("p.l") +
               " AND b.Tariff = a.Tariff WHERE NOT EXISTS (SELECT 1 FROM ElectricEnergyValues WHERE Id = h.Id)";
  return {std::move(header), std::move(values)};
}

std::string nearest(const char* aggregate, const char* comparison, std::int64_t window) {
  return std::string{"(SELECT "} + aggregate + "(Timestamp) FROM MeterData WHERE DeviceIdx = " + device_of(1) +
         " AND RecordTypeId = " + type_of(2) + " AND Valid = 1 AND Timestamp " + comparison + " ?3 AND Timestamp " +
         (comparison[0] == '<' ? ">= ?3 - " : "<= ?3 + ") + std::to_string(window) + ")";
}

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

} // namespace

statement insert_meter(const meter& m) {
  statement s{{},
              {m.meter_id, m.parent_id, m.type_name, m.address, m.read_password, m.write_password, m.interface_name,
               m.interface_config, m.rtu_obj_type, m.rtu_feeder, m.rtu_obj_num}};
  s.sql = "INSERT INTO MeterTable (MeterId, ParentId, TypeId, Address, ReadPassword, WritePassword, InterfaceId, "
          "InterfaceConfig, RTUObjType, RTUFeederNum, RTUObjNum) SELECT ?1, ?2, t.Id, ?4, ?5, ?6, i.Id, ?8, ?9, "
          "?10, ?11 FROM (SELECT Id FROM MeterTypes WHERE Type = ?3 LIMIT 1) t, (SELECT Id FROM MeterIfaces WHERE "
          "Name = ?7 LIMIT 1) i WHERE NOT EXISTS (SELECT 1 FROM MeterTable WHERE MeterId = ?1)";
  return s;
}

caf::expected<std::vector<statement>> write_record(const record& r, bool replace) {
  if (r.type == nullptr)
    return make_error(um40_errc::unknown_type, "a record without a type");
  if (is_config(*r.type))
    return write_config(r, replace);
  const bool journal = is_journal(*r.type);
  std::vector<statement> out{journal && r.valid ? insert_journal_header(r) : insert_header(r)};
  if (r.valid) {
    out.push_back(revalidate_header(r));
    out.push_back(journal ? insert_journal_values(r) : insert_values(r));
  }
  return out;
}

std::vector<statement> derive_consumption(const record_type& archive, std::int64_t meter_id, std::int64_t timestamp) {
  std::string_view consumption;
  std::int64_t window = 0;
  if (archive.name == "ElDayEnergy")
    consumption = "ElDayConsEnergy", window = day_window;
  else if (archive.name == "ElMonthEnergy")
    consumption = "ElMonthConsEnergy", window = month_window;
  else
    return {};
  const statement params{{}, {meter_id, std::string{archive.name}, timestamp, std::string{consumption}}};
  auto out = consumption_between(nearest("MAX", "<", window), "?3", params);
  auto after = consumption_between("?3", nearest("MIN", ">", window), params);
  out.insert(out.end(), std::make_move_iterator(after.begin()), std::make_move_iterator(after.end()));
  return out;
}

statement number_event(const record& r) {
  auto s = with_event(r);
  const std::string type = "(SELECT " + device_of(1) + " AS d, " + type_of(2) + " AS k)";
  s.sql = "UPDATE JournalValues SET EventId = (SELECT COALESCE(MAX(j.EventId), -1) + 1 FROM JournalValues j JOIN "
          "MeterData m ON m.Id = j.Id, " + type + " p WHERE m.DeviceIdx = p.d AND m.RecordTypeId = p.k) WHERE "
          "EventId IS NULL AND Event IS ?5 AND Id IN (SELECT m.Id FROM " + journal_headers() +
          " AND m.Valid = 1)";
  return s;
}

caf::expected<std::string> render(const statement& s) {
  std::string out;
  out.reserve(s.sql.size() + 16 * s.params.size());
  bool quoted = false;
  for (std::size_t i = 0; i < s.sql.size(); ++i) {
    const char c = s.sql[i];
    if (c == '\'')
      quoted = !quoted;
    if (quoted || c != '?' || i + 1 >= s.sql.size() || !is_digit(s.sql[i + 1])) {
      out += c;
      continue;
    }
    std::size_t n = 0, j = i + 1;
    for (; j < s.sql.size() && is_digit(s.sql[j]); ++j)
      if (n < 100'000) // SQLite takes ?1 … ?32766; stop counting before a long number could wrap around
        n = n * 10 + static_cast<std::size_t>(s.sql[j] - '0');
    if (n == 0 || n > s.params.size())
      return make_error(um40_errc::bad_value, "statement parameter ?" + std::to_string(n) + " has no value");
    auto literal = to_sql_literal(s.params[n - 1]);
    if (!literal)
      return literal.error();
    out += *literal;
    i = j - 1;
  }
  return out;
}

statement next_meter_id() {
  return {"SELECT COALESCE(MAX(MeterId) + 1, 1001) FROM MeterTable", {}};
}

statement device_index(std::int64_t meter_id) {
  return {"SELECT MIN(DeviceIdx) FROM MeterTable WHERE MeterId = ?1 HAVING COUNT(*) > 0", {meter_id}};
}

statement meter_type_id(const std::string& name) {
  return {"SELECT Id FROM MeterTypes WHERE Type = ?1 LIMIT 1", {name}};
}

statement interface_id(const std::string& name) {
  return {"SELECT Id FROM MeterIfaces WHERE Name = ?1 LIMIT 1", {name}};
}

statement has_config(const record_type& config, std::int64_t meter_id) {
  return {"SELECT 1 FROM " + std::string{layout_of(config.table).sql_name} + " WHERE DeviceIdx = " + device_of(1) +
              " LIMIT 1",
          {meter_id}};
}

statement select_records(const record_type& type, std::int64_t meter_id, int last, std::int64_t from,
                         std::int64_t to) {
  const auto& l = layout_of(type.table);
  const auto columns = value_columns(l);
  const std::string meter_filter = meter_id != 0 ? " AND m.MeterId = ?2" : "";
  if (is_config(type))
    return {"SELECT c.DeviceIdx, m.MeterId, c.Timestamp, " + join(columns, "c.") + " FROM " +
                std::string{l.sql_name} + " c JOIN MeterTable m ON m.DeviceIdx = c.DeviceIdx WHERE 1" +
                meter_filter + " ORDER BY c.DeviceIdx LIMIT ?1",
            {std::int64_t{last}, meter_id}};
  const std::string row_key = l.row_column.empty() ? "NULL" : "v." + std::string{l.row_column};
  return {"SELECT h.Id, h.DeviceIdx, h.MeterId, h.Timestamp, h.Valid, " + row_key + ", " + join(columns, "v.") +
              " FROM (SELECT d.Id, d.DeviceIdx, m.MeterId, d.Timestamp, d.Valid FROM MeterData d JOIN MeterTable m "
              "ON m.DeviceIdx = d.DeviceIdx WHERE d.RecordTypeId = " + type_of(3) + meter_filter +
              " AND d.Timestamp BETWEEN ?4 AND ?5" +
              " ORDER BY d.Timestamp DESC, d.Id DESC LIMIT ?1) h LEFT JOIN " + std::string{l.sql_name} +
              " v ON v.Id = h.Id ORDER BY h.Timestamp DESC, h.Id DESC" +
              (l.row_column.empty() ? "" : ", v." + std::string{l.row_column}),
          {std::int64_t{last}, meter_id, std::string{type.name}, from, to}};
}

statement select_meters(std::int64_t meter_id) {
  return {std::string{"SELECT m.DeviceIdx, m.MeterId, m.ParentId, m.TypeId, t.Type, m.Address, m.ReadPassword, "
                      "m.WritePassword, i.Name, m.InterfaceConfig, m.RTUObjType, m.RTUFeederNum, m.RTUObjNum FROM "
                      "MeterTable m LEFT JOIN MeterTypes t ON t.Id = m.TypeId LEFT JOIN MeterIfaces i ON i.Id = "
                      "m.InterfaceId"} +
              (meter_id != 0 ? " WHERE m.MeterId = ?1" : " WHERE ?1 = 0") + " ORDER BY m.DeviceIdx",
          {meter_id}};
}

} // namespace meterhub::um40

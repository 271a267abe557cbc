#include "meterhub/um40/readback.hpp"

#include <algorithm>
#include <charconv>

#include "meterhub/um40/error.hpp"

namespace meterhub::um40 {

namespace {

caf::expected<std::int64_t> integer(const std::optional<std::string>& field, std::string_view what) {
  std::int64_t n = 0;
  if (field) {
    auto [end, ec] = std::from_chars(field->data(), field->data() + field->size(), n);
    if (ec == std::errc{} && end == field->data() + field->size())
      return n;
  }
  return make_error(um40_errc::bad_output, std::string{what} + " is not an integer: \"" + field.value_or("NULL") + "\"");
}

/// A stored field by the tag's kind; a device's odd value (a real in an integer column) is kept, not lost.
value value_from(const std::optional<std::string>& field, const tag_def& tag) {
  if (!field)
    return value{};
  if (auto v = parse_value(tag.tag, tag.kind, *field))
    return *v;
  if (auto v = parse_value(tag.tag, value_kind::real, *field))
    return *v;
  return value{*field};
}

/// Whether a value row's key (Tariff "2", Phase "B") is the layout's row `i`.
bool is_row(const table_layout& l, std::size_t i, const std::optional<std::string>& key) {
  if (l.row_column.empty())
    return true;
  if (!key)
    return false;
  if (auto n = std::get_if<std::int64_t>(&l.rows[i]))
    return *key == std::to_string(*n);
  return *key == std::get<std::string>(l.rows[i]);
}

void take_values(record& r, const table_layout& l, const std::vector<std::string_view>& columns, const row& line,
                 std::size_t first) {
  for (std::size_t i = 0; i < l.rows.size(); ++i) {
    if (!is_row(l, i, line[first - 1]))
      continue;
    for (const auto& t : l.tags)
      if (t.row == static_cast<int>(i)) {
        auto c = static_cast<std::size_t>(std::find(columns.begin(), columns.end(), t.column) - columns.begin());
        r.values.insert_or_assign(std::string{t.tag}, value_from(line[first + c], t));
      }
  }
}

nlohmann::ordered_json json_of(const value& v) {
  if (auto i = std::get_if<std::int64_t>(&v))
    return *i;
  if (auto d = std::get_if<double>(&v))
    return *d;
  if (auto s = std::get_if<std::string>(&v))
    return *s;
  return nullptr;
}

} // namespace

std::size_t record_columns(const record_type& type) {
  const auto n = value_columns(layout_of(type.table)).size();
  return is_config(type) ? 3 + n : 6 + n;
}

caf::expected<std::vector<stored_record>> records_from_rows(const record_type& type, const std::vector<row>& rows) {
  const auto& l = layout_of(type.table);
  const auto columns = value_columns(l);
  std::vector<stored_record> out;
  for (const auto& line : rows) {
    if (line.size() != record_columns(type))
      return make_error(um40_errc::bad_output, "a " + std::string{type.name} + " row with " +
                                                   std::to_string(line.size()) + " fields");
    const std::size_t first = is_config(type) ? 3 : 6;
    auto id = is_config(type) ? caf::expected<std::int64_t>{0} : integer(line[0], "MeterData.Id");
    if (!id)
      return id.error();
    if (out.empty() || out.back().id != *id || is_config(type)) {
      const std::size_t base = is_config(type) ? 0 : 1;
      auto device = integer(line[base], "DeviceIdx");
      auto meter_id = integer(line[base + 1], "MeterId");
      auto ts = integer(line[base + 2], "Timestamp");
      auto valid = is_config(type) ? caf::expected<std::int64_t>{1} : integer(line[4], "Valid");
      for (const auto* e : {&device, &meter_id, &ts, &valid})
        if (!*e)
          return e->error();
      out.push_back({*id, *device, record{&type, *meter_id, *ts, *valid != 0, {}}});
    }
    take_values(out.back().rec, l, columns, line, first);
  }
  return out;
}

caf::expected<std::vector<stored_meter>> meters_from_rows(const std::vector<row>& rows) {
  std::vector<stored_meter> out;
  for (const auto& line : rows) {
    if (line.size() != meter_columns)
      return make_error(um40_errc::bad_output, "a MeterTable row with " + std::to_string(line.size()) + " fields");
    stored_meter s;
    std::int64_t* numbers[] = {&s.index, &s.m.meter_id, &s.m.parent_id, &s.type_id};
    for (std::size_t i = 0; i < 4; ++i) {
      auto n = i == 2 && !line[i] ? caf::expected<std::int64_t>{0} : integer(line[i], "MeterTable column");
      if (!n)
        return n.error();
      *numbers[i] = *n;
    }
    std::string* texts[] = {&s.m.type_name, &s.m.address, &s.m.read_password, &s.m.write_password,
                            &s.m.interface_name, &s.m.interface_config};
    for (std::size_t i = 0; i < 6; ++i)
      *texts[i] = line[4 + i].value_or("");
    std::int64_t* rtu[] = {&s.m.rtu_obj_type, &s.m.rtu_feeder, &s.m.rtu_obj_num};
    for (std::size_t i = 0; i < 3; ++i) {
      auto n = line[10 + i] ? integer(line[10 + i], "RTU column") : caf::expected<std::int64_t>{0};
      *rtu[i] = n ? *n : 0; // a device's odd RTU field does not hide its meter
    }
    out.push_back(std::move(s));
  }
  return out;
}

nlohmann::ordered_json to_json(const stored_record& s) {
  nlohmann::ordered_json j;
  j["type"] = s.rec.type->name;
  j["id"] = s.device_idx;
  j["meterId"] = s.rec.meter_id;
  j["ts"] = s.rec.timestamp;
  if (!is_config(*s.rec.type))
    j["Valid"] = s.rec.valid ? 1 : 0;
  if (!s.rec.valid)
    return j;
  for (const auto& t : layout_of(s.rec.type->table).tags) {
    auto it = s.rec.values.find(t.tag);
    j[std::string{t.tag}] = it == s.rec.values.end() ? nlohmann::ordered_json(nullptr) : json_of(it->second);
  }
  return j;
}

nlohmann::ordered_json to_json(const stored_meter& s) {
  const auto& m = s.m;
  return {{"index", s.index},           {"id", m.meter_id},           {"pId", m.parent_id},
          {"type", s.type_id},          {"typeName", m.type_name},    {"addr", m.address},
          {"passRd", m.read_password},  {"passWr", m.write_password}, {"ifaceName", m.interface_name},
          {"ifaceCfg", m.interface_config}, {"rtuObjType", m.rtu_obj_type}, {"rtuFider", m.rtu_feeder},
          {"rtuObjNum", m.rtu_obj_num}};
}

} // namespace meterhub::um40

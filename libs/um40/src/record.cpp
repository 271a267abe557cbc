#include "meterhub/um40/record.hpp"

#include <utility>

#include "meterhub/um40/error.hpp"

namespace meterhub::um40 {

namespace {

caf::error unknown_tag(std::string_view type, std::string_view tag) {
  return make_error(um40_errc::unknown_tag, std::string{type} + " has no tag \"" + std::string{tag} + "\"");
}

caf::error set_header(record& r, std::string_view tag, const value& v) {
  if (tag == "Valid") {
    auto flag = coerce(tag, value_kind::flag, v);
    if (!flag)
      return flag.error();
    if (is_null(*flag))
      return make_error(um40_errc::bad_value, "Valid takes 0 or 1, not NULL");
    r.valid = std::get<std::int64_t>(*flag) == 1;
    return {};
  }
  auto ts = coerce(tag, value_kind::integer, v);
  if (!ts)
    return ts.error();
  if (is_null(*ts))
    return make_error(um40_errc::bad_value, std::string{tag} + " takes Unix seconds, not NULL");
  r.timestamp = std::get<std::int64_t>(*ts);
  return {};
}

bool is_header_tag(std::string_view tag) {
  return tag == "Timestamp" || tag == "ts" || tag == "Valid";
}

/// The meter-list tags and the fields they set, in the API's order: numbers, then text.
constexpr std::pair<std::string_view, std::int64_t meter::*> meter_numbers[] = {
  {"id", &meter::meter_id},           {"pId", &meter::parent_id},     {"rtuObjType", &meter::rtu_obj_type},
  {"rtuFider", &meter::rtu_feeder},   {"rtuObjNum", &meter::rtu_obj_num}};
constexpr std::pair<std::string_view, std::string meter::*> meter_texts[] = {
  {"typeName", &meter::type_name},        {"addr", &meter::address},
  {"passRd", &meter::read_password},      {"passWr", &meter::write_password},
  {"ifaceName", &meter::interface_name},  {"ifaceCfg", &meter::interface_config}};
constexpr std::string_view meter_tag_names[] = {"id",       "pId",       "typeName",   "addr",       "passRd", "passWr",
                                                "ifaceName", "ifaceCfg", "rtuObjType", "rtuFider", "rtuObjNum"};

} // namespace

caf::error set_value(record& r, std::string_view tag, value v) {
  if (is_header_tag(tag))
    return set_header(r, tag, v);
  const auto* def = find_tag(layout_of(r.type->table), tag);
  if (!def)
    return unknown_tag(r.type->name, tag);
  auto checked = coerce(tag, def->kind, std::move(v));
  if (!checked)
    return checked.error();
  r.values.insert_or_assign(std::string{tag}, std::move(*checked));
  return {};
}

caf::error set_tag(record& r, std::string_view tag, std::string_view text) {
  if (is_header_tag(tag)) {
    auto v = parse_value(tag, tag == "Valid" ? value_kind::flag : value_kind::integer, text);
    return v ? set_header(r, tag, *v) : v.error();
  }
  const auto* def = find_tag(layout_of(r.type->table), tag);
  if (!def)
    return unknown_tag(r.type->name, tag);
  auto v = parse_value(tag, def->kind, text);
  if (!v)
    return v.error();
  r.values.insert_or_assign(std::string{tag}, std::move(*v));
  return {};
}

std::span<const std::string_view> meter_tags() noexcept {
  return meter_tag_names;
}

caf::error set_meter_tag(meter& m, std::string_view tag, std::string_view text) {
  for (auto [name, field] : meter_numbers) {
    if (name != tag)
      continue;
    auto v = parse_value(tag, value_kind::integer, text);
    if (!v)
      return v.error();
    if (is_null(*v))
      return make_error(um40_errc::bad_value, std::string{tag} + " takes an integer, not NULL");
    m.*field = std::get<std::int64_t>(*v);
    return {};
  }
  for (auto [name, field] : meter_texts) {
    if (name != tag)
      continue;
    if (text.find('\0') != std::string_view::npos)
      return make_error(um40_errc::bad_text, std::string{tag} + " cannot hold a NUL byte");
    m.*field = std::string{text};
    return {};
  }
  return unknown_tag("MeterTable", tag);
}

} // namespace meterhub::um40

#include <cmath>
#include <variant>

#include "meterhub/vscp/event.hpp"
#include "meterhub/vscp/python_format.hpp"

namespace meterhub::vscp {

namespace {

/// What one reading becomes: the event's fixed fields and how its value is scaled.
struct target {
  std::uint16_t id = 0;
  std::uint16_t vscp_class = class_measurement_str;
  std::uint16_t type = 0;
  std::uint8_t unit = 0;
  std::uint8_t measurement_unit = 0;
  std::uint8_t sensor_index = 0;
  std::optional<meterhub::unit> bus_unit; ///< required unit; none for custom mappings
  int shift = 0;
  double scale = 1.0;
  std::string_view note;
};

std::optional<target> row_target(std::size_t row, const settings& s) {
  const auto& r = value_table()[row];
  if (!s.send.enabled(r.group))
    return std::nullopt;
  const bool script = s.profile == profile::script;
  const auto& kind = script ? r.script : r.spec;
  const auto& v = s.values[row];
  // The script writes "unit": 1 into every measurement object whatever the unit byte says (spec §5).
  const std::uint8_t measurement_unit = script ? 1 : kind.unit;
  return target{v.id, class_measurement_str, kind.type, kind.unit, measurement_unit, sensor_index_of(s, row),
                r.bus_unit, kind.decimal_shift, 1.0, v.note};
}

std::optional<target> target_of(std::string_view quantity, const settings& s) {
  if (auto row = find_value(quantity))
    return row_target(*row, s);
  for (const auto& m : s.custom)
    if (m.quantity == quantity)
      return target{m.id, m.vscp_class, m.type, m.unit, m.unit, m.sensor_index, std::nullopt, 0, m.scale, m.note};
  return std::nullopt;
}

std::optional<skip_reason> check_reading(const reading& r, const target& t) {
  if (!r.value)
    return skip_reason::no_value;
  if (r.has(flag::invalid))
    return skip_reason::invalid;
  if (r.has(flag::backfilled))
    return skip_reason::backfilled;
  if (t.bus_unit && r.unit != *t.bus_unit)
    return skip_reason::wrong_unit;
  return std::nullopt;
}

std::optional<skip_reason> check_topic(const std::optional<std::string>& topic) {
  if (!topic)
    return skip_reason::bad_topic;
  if (topic->empty())
    return skip_reason::empty_topic;
  if (!is_publishable_topic(*topic))
    return skip_reason::bad_topic;
  return std::nullopt;
}

std::variant<message, skip_reason> translate_one(const reading& r, const target& t, const settings& s,
                                                 std::int64_t now_ms) {
  if (auto reason = check_reading(r, t))
    return *reason;
  const double value = t.scale != 1.0 ? scale_value(*r.value, t.scale) : shift_decimal(*r.value, t.shift);
  if (!std::isfinite(value))
    return skip_reason::not_finite;
  if (s.no_vscp) {
    std::optional<std::string> topic{std::string{t.note}};
    if (auto reason = check_topic(topic))
      return *reason;
    return message{std::move(*topic), python_float_repr(value), s.qos, false};
  }
  const auto g = event_guid(s.configured_guid, s.mac, t.id);
  if (!g)
    return skip_reason::no_guid;
  auto topic = render_topic(s.topic, to_string(*g), t.vscp_class, t.type);
  if (auto reason = check_topic(topic))
    return *reason;
  const measurement_event e{*g,      t.vscp_class, t.type, t.sensor_index, s.zone, s.subzone, t.unit,
                            t.measurement_unit, value, std::string{t.note}};
  return message{std::move(*topic), event_json(e, now_ms), s.qos, false};
}

} // namespace

const char* to_string(skip_reason reason) noexcept {
  switch (reason) {
    case skip_reason::no_value:
      return "no_value";
    case skip_reason::invalid:
      return "invalid";
    case skip_reason::backfilled:
      return "backfilled";
    case skip_reason::wrong_unit:
      return "wrong_unit";
    case skip_reason::not_finite:
      return "not_finite";
    case skip_reason::no_guid:
      return "no_guid";
    case skip_reason::empty_topic:
      return "empty_topic";
    case skip_reason::bad_topic:
      return "bad_topic";
  }
  return "unknown";
}

translation translate_batch(const reading_batch& batch, const settings& s, std::int64_t now_ms) {
  translation out;
  for (std::size_t i = 0; i < batch.readings.size(); ++i) {
    const auto& r = batch.readings[i];
    const auto t = target_of(r.quantity, s);
    if (!t)
      continue;
    auto result = translate_one(r, *t, s, now_ms);
    if (auto* m = std::get_if<message>(&result))
      out.messages.push_back(std::move(*m));
    else
      out.skipped.push_back({i, std::get<skip_reason>(result)});
  }
  return out;
}

std::vector<message> translate(const reading_batch& batch, const settings& s, std::int64_t now_ms) {
  return translate_batch(batch, s, now_ms).messages;
}

} // namespace meterhub::vscp

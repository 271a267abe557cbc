#include <bit>

#include "meterhub/vscp/event.hpp"
#include "meterhub/vscp/python_format.hpp"

namespace meterhub::vscp {

namespace {

/// VSCP_PRIORITY_NORMAL (0x60) | VSCP_HEADER16_DUMB (0x8000), as the script's initEvent sets it.
constexpr unsigned vscp_head = 0x8060;

void append_uint(std::string& out, std::uint64_t v) {
  out += std::to_string(v);
}

void append_data(std::string& out, const std::vector<std::uint8_t>& data) {
  out += '[';
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (i != 0)
      out += ", ";
    append_uint(out, data[i]);
  }
  out += ']';
}

/// The keys of pyvscp's vscpEventEx.toJSON, in its order.
void append_event(std::string& out, const measurement_event& e, std::int64_t now_ms) {
  out += "{\"vscpHead\": ";
  append_uint(out, vscp_head);
  out += ", \"vscpObId\": 0, \"vscpDateTime\": \"";
  out += format_vscp_datetime(now_ms);
  out += "\", \"vscpTimeStamp\": ";
  // A 32-bit unsigned field holding milliseconds since 1970, so it wraps (spec §5).
  append_uint(out, static_cast<std::uint32_t>(now_ms));
  out += ", \"vscpClass\": ";
  append_uint(out, e.vscp_class);
  out += ", \"vscpType\": ";
  append_uint(out, e.type);
  out += ", \"vscpGuid\": \"";
  out += to_string(e.guid);
  out += "\", \"vscpData\": ";
  append_data(out, event_data(e));
}

/// The script's own "measurement" object: sensor index, zone and subzone not wrapped, "unit" as the profile says.
void append_measurement(std::string& out, const measurement_event& e) {
  out += ", \"measurement\": {\"value\": ";
  out += python_float_repr(e.value);
  out += ", \"unit\": ";
  append_uint(out, e.measurement_unit);
  out += ", \"sensorindex\": ";
  append_uint(out, e.sensor_index);
  out += ", \"zone\": ";
  append_uint(out, e.zone);
  out += ", \"subzone\": ";
  append_uint(out, e.subzone);
  out += '}';
}

} // namespace

std::vector<std::uint8_t> event_data(const measurement_event& e) {
  std::vector<std::uint8_t> data{e.sensor_index, e.zone, e.subzone, e.unit};
  if (e.vscp_class == class_measurement_float) {
    const auto bits = std::bit_cast<std::uint64_t>(e.value);
    for (int shift = 56; shift >= 0; shift -= 8)
      data.push_back(static_cast<std::uint8_t>(bits >> shift));
    return data;
  }
  const auto text = python_float_repr(e.value);
  data.insert(data.end(), text.begin(), text.end());
  data.push_back(0); // the script's "optional terminating zero" (class2.measurement_str.md: zero-terminated)
  return data;
}

std::string event_json(const measurement_event& e, std::int64_t now_ms) {
  std::string out;
  out.reserve(400 + e.note.size());
  append_event(out, e, now_ms);
  out += ", \"vscpNote\": ";
  append_json_string(out, e.note);
  append_measurement(out, e);
  out += '}';
  return out;
}

} // namespace meterhub::vscp

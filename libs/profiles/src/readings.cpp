// Replies of a group's requests → the group's readings.
#include "meterhub/profiles/readings.hpp"

#include <algorithm>
#include <map>

#include "meterhub/modbus/error.hpp"
#include "refs.hpp"
#include "text.hpp"

namespace meterhub::profiles {

namespace {

using decoded_map = std::map<std::size_t, caf::expected<modbus::raw_value>>;

caf::error value_error(const register_def& def, std::string_view why) {
  return make_error(modbus::modbus_errc::bad_value, def.name + ": " + std::string{why});
}

caf::expected<modbus::raw_value> decode_slice(const profile& p, std::size_t index, const modbus::read_request& req,
                                              const std::vector<std::uint16_t>& regs) {
  const auto& def = p.registers[index];
  auto s = modbus::slice_of(req, detail::ref_of(p, index, req.unit_id));
  if (s.count == 0)
    return value_error(def, "not inside the request it was planned in");
  if (s.offset + s.count > regs.size())
    return value_error(def, "the reply holds " + std::to_string(regs.size()) + " of the request's "
                              + std::to_string(req.count) + " registers");
  auto raw = modbus::decode(std::span{regs}.subspan(s.offset, s.count), def.spec);
  if (!raw)
    return value_error(def, detail::error_detail(raw.error()));
  return raw;
}

void decode_request(const profile& p, const modbus::read_request& req, const request_reply* reply,
                    decoded_map& out) {
  for (auto index : req.ids) {
    if (index >= p.registers.size())
      continue;
    if (reply == nullptr)
      out.insert_or_assign(index, value_error(p.registers[index], "its request got no reply"));
    else if (!*reply)
      out.insert_or_assign(index, reply->error());
    else
      out.insert_or_assign(index, decode_slice(p, index, req, **reply));
  }
}

caf::expected<int> scale_exponent(const profile& p, const register_def& def, const decoded_map& decoded) {
  if (!def.scale_register_index)
    return 0;
  const auto& sf = p.registers.at(*def.scale_register_index);
  auto it = decoded.find(*def.scale_register_index);
  if (it == decoded.end())
    return value_error(def, "its scale register " + sf.name + " was not read");
  if (!it->second)
    return value_error(def, "its scale register " + sf.name + " failed: " + detail::error_detail(it->second.error()));
  auto n = modbus::to_number(*it->second);
  // SunSpec scale factors lie in -10..10; 0x8000 (-32768) means "not implemented".
  if (!n || *n < -10 || *n > 10)
    return value_error(def, "its scale register " + sf.name + " holds " + to_text(*it->second)
                              + ", not a scale factor from -10 to 10");
  return static_cast<int>(*n);
}

caf::expected<std::optional<reading>> make_reading(const profile& p, std::size_t index, const modbus::raw_value& raw,
                                                   const decoded_map& decoded, std::int64_t time_ms,
                                                   counter_tracker* counters) {
  const auto& def = p.registers[index];
  if (def.quantity.empty())
    return std::optional<reading>{};
  reading r;
  r.quantity = def.quantity;
  r.unit = def.unit;
  r.time_ms = time_ms;
  if (const auto* text = std::get_if<std::string>(&raw)) {
    r.text = *text;
    return std::optional<reading>{std::move(r)};
  }
  auto exponent = scale_exponent(p, def, decoded);
  if (!exponent)
    return exponent.error();
  double value = *modbus::to_number(raw);
  if (def.wrap && counters != nullptr) {
    auto counted = counters->update(index, value, *def.wrap);
    value = counted.count;
    if (counted.restarted)
      r.set(flag::suspicious);
  }
  value = modbus::apply(value, def.scaling, *exponent);
  if (value < 0 && !def.negative_quantity.empty()) {
    r.quantity = def.negative_quantity;
    value = -value;
  }
  r.value = value == 0.0 ? 0.0 : value; // no -0
  return std::optional<reading>{std::move(r)};
}

} // namespace

group_readings to_readings(const profile& p, const poll_group& g, std::span<const modbus::read_request> requests,
                           std::span<const request_reply> replies, std::int64_t time_ms, counter_tracker* counters) {
  decoded_map decoded;
  for (std::size_t i = 0; i < requests.size(); ++i)
    decode_request(p, requests[i], i < replies.size() ? &replies[i] : nullptr, decoded);
  group_readings out;
  for (auto index : g.registers) {
    if (index >= p.registers.size())
      continue;
    auto it = decoded.find(index);
    if (it == decoded.end()) {
      out.failures.push_back({index, value_error(p.registers[index], "no request covers it")});
    } else if (!it->second) {
      out.failures.push_back({index, it->second.error()});
    } else if (auto r = make_reading(p, index, *it->second, decoded, time_ms, counters); !r) {
      out.failures.push_back({index, r.error()});
    } else if (*r) {
      out.readings.push_back(std::move(**r));
    }
  }
  return out;
}

std::string to_text(const modbus::raw_value& value) {
  return std::visit([](const auto& v) -> std::string {
    using t = std::decay_t<decltype(v)>;
    if constexpr (std::is_same_v<t, std::string>)
      return v;
    else if constexpr (std::is_same_v<t, double>)
      return detail::number_text(v);
    else
      return std::to_string(v);
  }, value);
}

bool matches(const identify_rule& rule, const modbus::raw_value& value) {
  const auto text = to_text(value);
  if (!rule.equals.empty() && rule.equals == text)
    return true;
  return std::find(rule.any_of.begin(), rule.any_of.end(), text) != rule.any_of.end();
}

} // namespace meterhub::profiles

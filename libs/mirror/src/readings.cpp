#include "meterhub/mirror/readings.hpp"

#include <charconv>
#include <unordered_map>

#include "meterhub/core/quantity_names.hpp"
#include "meterhub/core/text.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/wire/json.hpp"

namespace meterhub::mirror {

namespace {

constexpr std::uint32_t not_a_state = static_cast<std::uint32_t>(flag::backfilled) |
                                      static_cast<std::uint32_t>(flag::invalid) |
                                      static_cast<std::uint32_t>(flag::suspicious);

bool is_state(const reading& r) noexcept {
  return (r.flags & not_a_state) == 0 && (r.value || !r.text.empty());
}

} // namespace

std::string number_text(double value) {
  if (value == 0.0)
    return "0"; // also -0.0, which a subscriber's parseFloat would keep as a negative zero
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc{})
    return "0"; // cannot happen: 32 characters hold every shortest double
  return std::string{buf, end};
}

std::string plain_payload(const reading& r) {
  return r.value ? number_text(*r.value) : as_utf8(r.text);
}

std::vector<plain_value> state_readings(const reading_batch& batch) {
  std::vector<plain_value> out;
  std::unordered_map<std::string, std::size_t> slot; // name → index in out
  for (const auto& r : batch.readings) {
    if (!is_state(r))
      continue;
    auto name = readable_name(r.quantity, r.unit);
    auto [it, fresh] = slot.try_emplace(name, out.size());
    if (fresh)
      out.push_back({&r, std::move(name)});
    else if (r.time_ms >= out[it->second].item->time_ms)
      out[it->second].item = &r;
  }
  return out;
}

std::vector<message> plain_messages(const settings& s, const topic_builder& topics, std::string_view device,
                                    const std::vector<plain_value>& values) {
  std::vector<message> out;
  out.reserve(values.size());
  for (const auto& v : values)
    out.push_back({topics.value(device, v.name, v.item->quantity), plain_payload(*v.item), true, s.qos});
  return out;
}

nlohmann::ordered_json batch_json(const reading_batch& batch) {
  nlohmann::ordered_json j;
  j["device"] = batch.device;
  j["source"] = as_utf8(batch.source);
  j["sequence"] = batch.sequence;
  j["received"] = format_iso8601(batch.received_ms);
  j["received_unix_ms"] = batch.received_ms;
  auto& values = j["values"] = nlohmann::ordered_json::array();
  for (const auto& r : batch.readings) {
    auto item = wire::to_json(batch.device, r);
    item.erase("device");
    item["quantity"] = as_utf8(r.quantity);
    item["name"] = readable_name(r.quantity, r.unit);
    item["time_unix_ms"] = r.time_ms;
    values.push_back(std::move(item));
  }
  return j;
}

message batch_message(const settings& s, const topic_builder& topics, const reading_batch& batch) {
  return {topics.batch(batch.device),
          batch_json(batch).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), false, s.qos};
}

} // namespace meterhub::mirror

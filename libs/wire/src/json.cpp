#include "meterhub/wire/json.hpp"

#include <algorithm>
#include <cstdio>

#include "meterhub/core/text.hpp"
#include "meterhub/core/time.hpp"

namespace meterhub::wire {

nlohmann::json flag_names(std::uint32_t flags) {
  auto names = nlohmann::json::array();
  for (int bit = 0; bit < flag_count; ++bit)
    if (flags & (1u << bit))
      names.push_back(std::string{to_string(static_cast<flag>(1u << bit))});
  return names;
}

nlohmann::ordered_json to_json(std::string_view device, const reading& r) {
  nlohmann::ordered_json j;
  j["device"] = device;
  j["quantity"] = r.quantity;
  if (r.value)
    j["value"] = *r.value;
  j["unit"] = std::string{to_string(r.unit)};
  j["time"] = format_iso8601(r.time_ms);
  j["flags"] = flag_names(r.flags);
  if (!r.text.empty())
    j["text"] = as_utf8(r.text); // JSON text must be UTF-8: dump() throws otherwise
  return j;
}

std::string reading_line(std::string_view device, const reading& r, bool json) {
  if (json)
    return to_json(device, r).dump();
  char value[32];
  if (r.value)
    std::snprintf(value, sizeof value, "%.10g", *r.value);
  std::string line = r.quantity;
  line.resize(std::max<std::size_t>(line.size(), 24), ' ');
  std::string v = r.value ? value : r.text;
  line += " " + std::string(v.size() < 16 ? 16 - v.size() : 0, ' ') + v + " ";
  std::string u{to_string(r.unit)};
  line += u + std::string(u.size() < 4 ? 4 - u.size() : 0, ' ') + " " + format_iso8601(r.time_ms);
  const auto flags = flag_names(r.flags);
  for (const auto& f : flags)
    line += " " + f.get<std::string>();
  return line;
}

} // namespace meterhub::wire

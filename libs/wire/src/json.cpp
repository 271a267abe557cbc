#include "meterhub/wire/json.hpp"

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

} // namespace meterhub::wire

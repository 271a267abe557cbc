#include "faults.hpp"

#include <charconv>

namespace meterhub::echonet_sim {

const char* to_string(fault_kind kind) noexcept {
  switch (kind) {
    case fault_kind::silence: return "silence";
    case fault_kind::garble: return "garble";
    case fault_kind::drop_session: return "drop-session";
    case fault_kind::fail_send: return "fail-send";
  }
  return "?";
}

bool fault_plan::set(std::string_view spec) {
  const auto colon = spec.find(':');
  const auto name = spec.substr(0, colon);
  int percent = 100;
  if (colon != std::string_view::npos) {
    const auto text = spec.substr(colon + 1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), percent);
    if (ec != std::errc{} || end != text.data() + text.size() || percent < 0 || percent > 100)
      return false;
  }
  for (std::size_t k = 0; k < fault_kind_count; ++k)
    if (name == to_string(static_cast<fault_kind>(k))) {
      percent_[k] = percent;
      return true;
    }
  return false;
}

bool fault_plan::roll(fault_kind kind, std::mt19937_64& rng) const {
  const auto p = percent(kind);
  if (p <= 0)
    return false;
  if (p >= 100)
    return true;
  return static_cast<int>(rng() % 100) < p;
}

std::string fault_plan::describe() const {
  std::string out;
  for (std::size_t k = 0; k < fault_kind_count; ++k)
    if (percent_[k] > 0) {
      if (!out.empty())
        out += ' ';
      out += std::string{to_string(static_cast<fault_kind>(k))} + ":" + std::to_string(percent_[k]);
    }
  return out.empty() ? "none" : out;
}

std::string garble_line(std::string line, std::mt19937_64& rng) {
  auto body = line.size();
  while (body > 0 && (line[body - 1] == '\r' || line[body - 1] == '\n'))
    --body;
  if (body == 0)
    return line;
  auto& c = line[rng() % body];
  c = c == '#' ? '%' : '#';
  return line;
}

} // namespace meterhub::echonet_sim

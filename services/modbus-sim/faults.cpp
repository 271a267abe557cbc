#include "faults.hpp"

#include <algorithm>
#include <charconv>

namespace meterhub::modbus_sim {

namespace {

constexpr std::array<fault_kind, fault_kind_count> kinds{fault_kind::silence, fault_kind::bad_crc,
                                                         fault_kind::exception, fault_kind::slow,
                                                         fault_kind::drop,    fault_kind::garble};

std::optional<fault_kind> kind_named(std::string_view name) {
  for (const auto k : kinds)
    if (name == to_string(k))
      return k;
  return std::nullopt;
}

template <class T>
std::optional<T> number(std::string_view text, T low, T high) {
  T v{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < low || v > high)
    return std::nullopt;
  return v;
}

/// "KIND[:PERCENT]" or "exception:CODE[:PERCENT]" into a rule (target left to the caller).
std::optional<fault_rule> parse_rule(std::string_view spec) {
  fault_rule rule;
  const auto colon = spec.find(':');
  const auto kind = kind_named(spec.substr(0, colon));
  if (!kind)
    return std::nullopt;
  rule.kind = *kind;
  auto rest = colon == std::string_view::npos ? std::string_view{} : spec.substr(colon + 1);
  if (rule.kind == fault_kind::exception) {
    const auto next = rest.find(':');
    const auto code = number<int>(rest.substr(0, next), 1, 15); // Mercury statuses are 4 bits
    if (!code)
      return std::nullopt;
    rule.code = static_cast<std::uint8_t>(*code);
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    if (next == std::string_view::npos)
      return rule;
  } else if (colon == std::string_view::npos) {
    return rule;
  }
  const auto percent = number<int>(rest, 0, 100);
  if (!percent)
    return std::nullopt;
  rule.percent = *percent;
  return rule;
}

std::string rule_text(const fault_rule& r) {
  std::string out = r.target.to_string() + "=" + to_string(r.kind);
  if (r.kind == fault_kind::exception)
    out += ":" + std::to_string(r.code);
  return out + ":" + std::to_string(r.percent);
}

} // namespace

const char* to_string(fault_kind kind) noexcept {
  switch (kind) {
    case fault_kind::silence:
      return "silence";
    case fault_kind::bad_crc:
      return "bad-crc";
    case fault_kind::exception:
      return "exception";
    case fault_kind::slow:
      return "slow";
    case fault_kind::drop:
      return "drop";
    case fault_kind::garble:
      return "garble";
  }
  return "?";
}

std::optional<fault_target> fault_target::parse(std::string_view text) {
  fault_target t;
  if (text == "all" || text == "*")
    return t;
  const auto at = text.find('@');
  if (at != std::string_view::npos) {
    t.line = std::string{text.substr(at + 1)};
    if (t.line.empty())
      return std::nullopt;
    text = text.substr(0, at);
    if (text.empty())
      return t;
  }
  const auto unit = number<int>(text, 0, 255);
  if (!unit)
    return std::nullopt;
  t.unit = static_cast<std::uint8_t>(*unit);
  return t;
}

std::string fault_target::to_string() const {
  if (!unit)
    return line.empty() ? "all" : "@" + line;
  return std::to_string(*unit) + (line.empty() ? "" : "@" + line);
}

bool fault_target::matches(std::string_view on_line, std::uint8_t on_unit) const noexcept {
  return (line.empty() || line == on_line) && (!unit || *unit == on_unit);
}

bool fault_mix::any() const noexcept {
  return std::any_of(percent.begin(), percent.end(), [](int p) { return p > 0; });
}

bool fault_plan::set(const fault_target& target, std::string_view spec) {
  auto rule = parse_rule(spec);
  if (!rule)
    return false;
  rule->target = target;
  std::erase_if(rules_, [&](const fault_rule& r) { return r.target == target && r.kind == rule->kind; });
  if (rule->percent > 0)
    rules_.push_back(std::move(*rule));
  return true;
}

bool fault_plan::set(std::string_view option) {
  const auto eq = option.find('=');
  if (eq == std::string_view::npos)
    return set(fault_target{}, option);
  const auto target = fault_target::parse(option.substr(0, eq));
  return target && set(*target, option.substr(eq + 1));
}

fault_mix fault_plan::mix_for(std::string_view line, std::uint8_t unit, bool silenced) const {
  fault_mix mix;
  std::array<int, fault_kind_count> rank;
  rank.fill(-1);
  for (const auto& r : rules_) {
    const auto k = static_cast<std::size_t>(r.kind);
    if (!r.target.matches(line, unit) || r.target.rank() < rank[k])
      continue;
    rank[k] = r.target.rank();
    mix.percent[k] = r.percent;
    if (r.kind == fault_kind::exception)
      mix.exception_code = r.code;
  }
  if (silenced)
    mix.percent[static_cast<std::size_t>(fault_kind::silence)] = 100;
  return mix;
}

std::string fault_plan::describe() const {
  std::string out;
  for (const auto& r : rules_)
    out += (out.empty() ? "" : " ") + rule_text(r);
  return out.empty() ? "none" : out;
}

std::string fault_decision::describe() const {
  std::string out;
  const auto add = [&](bool on, std::string name) {
    if (on)
      out += (out.empty() ? "" : " ") + name;
  };
  add(drop, "drop");
  add(silence, "silence");
  add(exception, "exception:" + std::to_string(exception_code));
  add(slow, "slow");
  add(bad_crc, "bad-crc");
  add(garble, "garble");
  return out;
}

fault_decision roll(const fault_mix& mix, random_source& rng) {
  std::array<bool, fault_kind_count> hit{};
  for (std::size_t k = 0; k < fault_kind_count; ++k)
    hit[k] = static_cast<int>(rng.next() % 100) < mix.percent[k];
  fault_decision d;
  const auto on = [&](fault_kind k) { return hit[static_cast<std::size_t>(k)]; };
  d.drop = on(fault_kind::drop);
  d.silence = !d.drop && on(fault_kind::silence);
  if (d.drop || d.silence)
    return d;
  d.exception = on(fault_kind::exception);
  d.exception_code = d.exception ? mix.exception_code : 0;
  d.slow = on(fault_kind::slow);
  d.bad_crc = on(fault_kind::bad_crc);
  d.garble = on(fault_kind::garble);
  return d;
}

void corrupt(std::vector<std::uint8_t>& frame, const fault_decision& d, bool rtu, random_source& rng) {
  if (d.garble) {
    // RTU: any byte after the address and before the CRC; TCP: the PDU after the 7-byte MBAP header.
    const std::size_t first = rtu ? 1 : 7, end = rtu ? (frame.size() >= 2 ? frame.size() - 2 : 0) : frame.size();
    if (end > first)
      frame[first + rng.next() % (end - first)] ^= static_cast<std::uint8_t>(1 + rng.next() % 255);
  }
  if (d.bad_crc && rtu && frame.size() >= 3)
    frame[frame.size() - 2] ^= 0xFF;
}

} // namespace meterhub::modbus_sim

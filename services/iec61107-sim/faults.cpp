#include "faults.hpp"

#include <charconv>

#include "meterhub/iec61107/frames.hpp"

namespace meterhub::iec61107sim {

namespace {

constexpr std::array<fault_kind, fault_kind_count> kinds{fault_kind::silence, fault_kind::bad_bcc, fault_kind::slow,
                                                         fault_kind::drop};

std::optional<fault_kind> kind_named(std::string_view name) {
  for (const auto k : kinds)
    if (name == to_string(k))
      return k;
  return std::nullopt;
}

bool roll(const fault_plan& plan, fault_kind kind, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> percent(0, 99);
  return percent(rng) < plan.percent[static_cast<std::size_t>(kind)];
}

/// True for replies that end in a block check character: those that open with STX or SOH.
bool has_bcc(const std::string& bytes) {
  return bytes.size() >= 3 && (bytes.front() == iec61107::stx || bytes.front() == iec61107::soh);
}

} // namespace

const char* to_string(fault_kind kind) noexcept {
  switch (kind) {
    case fault_kind::silence:
      return "silence";
    case fault_kind::bad_bcc:
      return "bad-bcc";
    case fault_kind::slow:
      return "slow";
    case fault_kind::drop:
      return "drop";
  }
  return "?";
}

bool fault_plan::set(std::string_view spec) {
  const auto colon = spec.find(':');
  const auto kind = kind_named(spec.substr(0, colon));
  int p = 100;
  if (colon != std::string_view::npos) {
    const auto arg = spec.substr(colon + 1);
    const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), p);
    if (ec != std::errc{} || end != arg.data() + arg.size() || p < 0 || p > 100)
      return false;
  }
  if (!kind)
    return false;
  percent[static_cast<std::size_t>(*kind)] = p;
  return true;
}

std::string fault_plan::describe() const {
  std::string out;
  for (const auto k : kinds)
    if (const int p = percent[static_cast<std::size_t>(k)]; p > 0)
      out += (out.empty() ? "" : " ") + std::string{to_string(k)} + ":" + std::to_string(p);
  return out.empty() ? "none" : out;
}

faulted_reply apply_faults(const fault_plan& plan, std::string bytes, std::mt19937_64& rng,
                           std::chrono::milliseconds slow_delay) {
  faulted_reply out;
  // Every fault is rolled every time, so one fault's setting never shifts another's random sequence.
  const bool drop = roll(plan, fault_kind::drop, rng), silence = roll(plan, fault_kind::silence, rng);
  const bool slow = roll(plan, fault_kind::slow, rng), bad_bcc = roll(plan, fault_kind::bad_bcc, rng);
  if (drop) {
    out.drop = true;
    out.fault = "drop";
    return out;
  }
  if (silence) {
    out.fault = "silence";
    return out;
  }
  if (bad_bcc && has_bcc(bytes)) {
    bytes.back() = static_cast<char>(bytes.back() ^ 0x01);
    out.fault = "bad-bcc";
  }
  if (slow) {
    out.delay = slow_delay;
    out.fault += out.fault.empty() ? "slow" : " slow";
  }
  out.bytes = std::move(bytes);
  return out;
}

} // namespace meterhub::iec61107sim

namespace meterhub::iec61107sim {

std::string run_control_line(fault_plan& plan, std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
    line.remove_suffix(1);
  if (line == "clear") {
    plan.clear();
  } else if (line.starts_with("fault ")) {
    if (!plan.set(line.substr(6)))
      return "error: '" + std::string{line.substr(6)} + "' is not silence|bad-bcc|slow|drop[:PERCENT]";
  } else if (line != "faults") {
    return "error: commands are 'fault KIND[:PERCENT]', 'clear', 'faults'";
  }
  return "faults: " + plan.describe();
}

} // namespace meterhub::iec61107sim

#include "faults.hpp"

#include <charconv>

namespace meterhub::p1sim {

namespace {

std::optional<double> probability(std::string_view text) {
  double p = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), p);
  if (ec != std::errc{} || ptr != text.data() + text.size() || p < 0 || p > 1)
    return std::nullopt;
  return p;
}

} // namespace

bool fault_plan::add(std::string_view spec) {
  auto colon = spec.find(':');
  if (colon == std::string_view::npos)
    return false;
  auto name = spec.substr(0, colon);
  auto arg = spec.substr(colon + 1);
  if (name == "silence") {
    auto at = arg.find('@');
    if (at == std::string_view::npos)
      return false;
    auto s = arg.substr(0, at), n = arg.substr(at + 1);
    return std::from_chars(s.data(), s.data() + s.size(), silence_seconds).ec == std::errc{} &&
           std::from_chars(n.data(), n.data() + n.size(), silence_after).ec == std::errc{};
  }
  auto p = probability(arg);
  if (!p)
    return false;
  if (name == "bad-crc")
    bad_crc = *p;
  else if (name == "truncate")
    truncate = *p;
  else if (name == "garbage")
    garbage = *p;
  else
    return false;
  return true;
}

faulted_frame apply_faults(const fault_plan& plan, std::string telegram, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> roll(0, 1);
  if (roll(rng) < plan.bad_crc) {
    auto bang = telegram.rfind('!');
    char& digit = telegram[bang + 1];
    digit = digit == '0' ? '1' : '0';
    return {"bad-crc", std::move(telegram), false};
  }
  if (roll(rng) < plan.truncate) {
    std::uniform_int_distribution<std::size_t> cut(20, telegram.size() / 2);
    telegram.resize(cut(rng));
    telegram += "\r\n";
    return {"truncate", std::move(telegram), false};
  }
  if (roll(rng) < plan.garbage) { // junk before the telegram; the telegram itself stays valid
    static constexpr char junk[] = "\xff\xfe\x00garbage 25803103\r\n";
    return {"garbage", std::string(junk, sizeof junk - 1) + telegram, true};
  }
  return {"", std::move(telegram), true};
}

} // namespace meterhub::p1sim

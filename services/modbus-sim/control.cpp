#include "control.hpp"

#include <vector>

namespace meterhub::modbus_sim {

namespace {

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> words;
  while (!line.empty()) {
    const auto start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos)
      break;
    line = line.substr(start);
    const auto end = line.find_first_of(" \t\r");
    words.push_back(line.substr(0, end));
    line = end == std::string_view::npos ? std::string_view{} : line.substr(end);
  }
  return words;
}

constexpr std::string_view usage =
  "error: commands are 'fault [TARGET] KIND[:PERCENT]' (TARGET all, 7, 7@LINE, @LINE; KIND silence, bad-crc, "
  "exception:N, slow, drop, garble), 'clear', 'faults'";

} // namespace

std::string run_control_line(fault_plan& plan, std::string_view line, bool silenced) {
  const auto words = words_of(line);
  if (words.size() == 1 && words[0] == "clear") {
    plan.clear();
  } else if (words.size() == 2 && words[0] == "fault") {
    if (!plan.set(fault_target{}, words[1]))
      return "error: '" + std::string{words[1]} + "' is not KIND[:PERCENT]";
  } else if (words.size() == 3 && words[0] == "fault") {
    const auto target = fault_target::parse(words[1]);
    if (!target)
      return "error: '" + std::string{words[1]} + "' is not a target (all, 7, 7@LINE, @LINE)";
    if (!plan.set(*target, words[2]))
      return "error: '" + std::string{words[2]} + "' is not KIND[:PERCENT]";
  } else if (!(words.size() == 1 && words[0] == "faults")) {
    return std::string{usage};
  }
  return "faults: " + plan.describe() + (silenced ? " (SIGUSR1 silence on)" : "");
}

} // namespace meterhub::modbus_sim

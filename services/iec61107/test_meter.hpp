#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "meterhub/iec61107/error.hpp"
#include "meterhub/iec61107/session.hpp"

// A scripted NEVA meter for the unit tests of the archive jobs.
namespace meterhub::iec61107_service::test {

using iec61107::request;
using iec61107::request_outcome;

inline std::string repeat(const std::string& first, const std::string& filler, int count) {
  std::string out = first;
  for (int i = 1; i < count; ++i)
    out += "," + filler;
  return out;
}

/// The spec's worked example (§7): seasons from 01-01 and 04-01, schedule 4 = T4 from 23:00, T3 from 07:00.
/// On 2024-04-14 (a Sunday, the day before the meter's date) the meter drew 1000 W all day: 500 Wh per half hour.
inline std::map<std::string, std::string> example_meter() {
  return {{"000902FF", "240415"},
          {"000901FF", "101500"},
          {"0D0000FF", "0101010102,0401030304," + repeat("0000000000", "0000000000", 10)},
          {"0B0000FF", repeat("000000", "000000", 32)},
          {"0A0464FF", "070003,230004," + repeat("000000", "000000", 6)},
          {"0F808001", "001000.00,000500.00,000200.00,000200.00,000100.00"},
          {"63010001", repeat("01000", "01000", 48)},
          {"0F808000", "001024.00,000500.00,000200.00,000216.00,000108.00"}};
}

using meter_fn = std::function<std::string(const std::string&, int)>;

/// Runs a job (half_hour_job, archive_job) against a scripted meter as a keep-open session would: round after round until it is done.
template <class Job>
std::vector<request_outcome> run(Job& job, const meter_fn& meter) {
  std::vector<request_outcome> outcomes;
  int reads = 0;
  for (auto round = job.first_round(); !round.empty(); round = job.next_round(outcomes))
    for (auto& r : round) {
      auto value = meter(r.address, reads++);
      if (value.empty())
        outcomes.push_back({r, make_error(iec61107::iec61107_errc::register_error, "meter answered error (01)")});
      else
        outcomes.push_back({r, iec61107::data_set_value{r.address, value, {}, {}}});
    }
  return outcomes;
}

inline meter_fn from_map(std::map<std::string, std::string> values) {
  return [values](const std::string& address, int) {
    auto it = values.find(address);
    return it == values.end() ? std::string{} : it->second;
  };
}

} // namespace meterhub::iec61107_service::test

// A simulated device for the shipped-profile tests: registers set by address, read back through a plan.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "meterhub/profiles/readings.hpp"

namespace test {

/// Every table's words by address; unset addresses read 0.
class device_memory {
public:
  /// Writes `words` from `address` on in `t`.
  void put(meterhub::modbus::table t, std::uint16_t address, const std::vector<std::uint16_t>& words) {
    for (std::size_t i = 0; i < words.size(); ++i)
      words_[{t, static_cast<std::uint16_t>(address + i)}] = words[i];
  }

  /// The replies to `plan`, as a device would give them.
  std::vector<meterhub::profiles::request_reply> answer(const std::vector<meterhub::modbus::read_request>& plan) const {
    std::vector<meterhub::profiles::request_reply> out;
    for (const auto& req : plan) {
      std::vector<std::uint16_t> regs;
      for (std::uint32_t a = req.address; a < std::uint32_t{req.address} + req.count; ++a) {
        auto it = words_.find({req.table, static_cast<std::uint16_t>(a)});
        regs.push_back(it == words_.end() ? 0 : it->second);
      }
      out.emplace_back(std::move(regs));
    }
    return out;
  }

  /// Plans group `g` of `p`, answers it and decodes the replies.
  meterhub::profiles::group_readings poll(const meterhub::profiles::profile& p,
                                          const meterhub::profiles::poll_group& g,
                                          meterhub::profiles::counter_tracker* counters = nullptr) const {
    auto plan = meterhub::profiles::plan_group(p, g, 1);
    auto replies = answer(plan);
    return meterhub::profiles::to_readings(p, g, plan, replies, 1'765'000'000'000, counters);
  }

private:
  std::map<std::pair<meterhub::modbus::table, std::uint16_t>, std::uint16_t> words_;
};

} // namespace test

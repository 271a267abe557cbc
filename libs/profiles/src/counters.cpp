#include "meterhub/profiles/counters.hpp"

namespace meterhub::profiles {

counter_tracker::result counter_tracker::update(std::size_t register_index, double raw, double wrap) {
  auto [it, first] = states_.try_emplace(register_index, counter_state{raw, 0.0});
  auto& state = it->second;
  result out;
  if (!first && raw < state.last_raw) {
    // The rule is documented in counters.hpp: a small step forward across the wrap, or a restart.
    if (wrap > 0 && wrap - state.last_raw + raw <= wrap / 2) {
      state.base += wrap;
    } else {
      state.base = 0;
      out.restarted = true;
    }
  }
  state.last_raw = raw;
  out.count = state.base + raw;
  return out;
}

} // namespace meterhub::profiles

#include "sim_clock.hpp"

namespace meterhub::modbus_sim {

sim_clock::sim_clock(std::int64_t start_ms, double speed)
  : start_ms_(start_ms), speed_(speed > 0 ? speed : 1.0), began_(std::chrono::steady_clock::now()) {
}

std::int64_t sim_clock::model_ms() const {
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began_);
  return start_ms_ + static_cast<std::int64_t>(elapsed.count() * speed_);
}

std::int64_t sim_clock::host_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

std::int64_t sim_clock::wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

} // namespace meterhub::modbus_sim

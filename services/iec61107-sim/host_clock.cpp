#include "host_clock.hpp"

#include <ctime>

namespace meterhub::iec61107sim {

local_seconds host_local_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  civil_time c;
  c.year = local.tm_year + 1900;
  c.month = static_cast<unsigned>(local.tm_mon + 1);
  c.day = static_cast<unsigned>(local.tm_mday);
  c.hour = static_cast<unsigned>(local.tm_hour);
  c.minute = static_cast<unsigned>(local.tm_min);
  c.second = static_cast<unsigned>(local.tm_sec > 59 ? 59 : local.tm_sec); // a leap second
  return from_civil(c);
}

sim_clock::sim_clock(std::optional<local_seconds> start, bool frozen)
  : start_(start), began_(std::chrono::steady_clock::now()), frozen_(frozen) {
}

local_seconds sim_clock::now() const {
  if (!start_)
    return host_local_now();
  if (frozen_)
    return *start_;
  const auto elapsed = std::chrono::steady_clock::now() - began_;
  return *start_ + std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
}

} // namespace meterhub::iec61107sim

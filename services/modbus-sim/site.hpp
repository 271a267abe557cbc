#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "event_loop.hpp"
#include "site_plan.hpp"

/// The simulated site built from its plan: every line's station with its devices, each device of its profile
/// (profiles are loaded once and shared by every device of the model).
namespace meterhub::modbus_sim {

struct build_options {
  std::filesystem::path profiles_dir;
  std::uint64_t seed = 1;
  std::int64_t start_ms = 0;
  std::chrono::minutes utc_offset{0};
  std::chrono::milliseconds channel_timeout{240'000};
  std::int64_t step_ms = 1000;
  unsigned profile_days = 30;
};

struct built_site {
  std::vector<running_line> lines; ///< in the plan's order
  std::size_t devices = 0;
  /// What the operator should know: registers whose quantity the model has no value for, per profile.
  std::vector<std::string> notes;
};

/// Builds every device of `plan`. Errors name the device and the reason (an unknown profile, a profile that does
/// not load, a Mercury password that is not six digits or characters).
caf::expected<built_site> build_site(const site_plan& plan, const build_options& o);

/// The seed of the device at `address` on line number `line` (from 0) when the plan gives none.
std::uint64_t device_seed(std::uint64_t site_seed, std::size_t line, std::uint8_t address) noexcept;

} // namespace meterhub::modbus_sim

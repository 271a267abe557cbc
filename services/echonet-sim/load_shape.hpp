#pragma once

#include <cstdint>

/// The household behind the simulated meter: a daily load shape (night base, morning and evening peaks) with seeded
/// noise, and in solar mode a roof whose noon output pushes the net power negative (export). Deterministic: the same
/// seed gives the same watts for the same minute, so a test or a second run sees the same meter.
namespace meterhub::echonet_sim {

class load_shape {
public:
  /// `solar`: some daytime hours export (negative net power).
  load_shape(std::uint64_t seed, bool solar) noexcept : seed_(seed), solar_(solar) {}

  /// Net power in whole watts during the minute that starts at `minute_utc_ms` (UTC ms, a multiple of 60 000):
  /// positive import, 150…3000 W of consumption, minus the panels' output in solar mode.
  std::int32_t watts(std::int64_t minute_utc_ms) const noexcept;

private:
  double noise(std::uint64_t key) const noexcept;

  std::uint64_t seed_;
  bool solar_;
};

} // namespace meterhub::echonet_sim

#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace meterhub::p1sim {

enum class profile { dsmr5, t211 };

/// A household meter whose values evolve consistently: a load curve (base load, daily rhythm, random appliances,
/// midday PV export), phases that sum to the total, energy registers that integrate the power over time and never
/// go back, tariff switches at 07:00 and 23:00 on weekdays, voltages around 230 V, current = P / U, gas that
/// accumulates and is captured every five minutes. Deterministic for a seed. Pure: the caller advances the clock.
class telegram_generator {
public:
  telegram_generator(profile p, std::uint64_t seed, std::int64_t start_ms, std::string equipment_id);

  /// Advances the meter clock to `now_ms` (integrating energy) and returns the body of the next telegram from "/"
  /// through "!", without CRC.
  std::string next_body(std::int64_t now_ms);

  std::int64_t clock_ms() const noexcept { return clock_ms_; }
  /// Import energy totals in Wh, for tests.
  double import_wh() const noexcept { return import_wh_[0] + import_wh_[1]; }

private:
  void integrate(std::int64_t now_ms);
  void draw_load();
  int tariff() const;
  std::string dsmr5_body() const;
  std::string t211_body() const;

  profile profile_;
  std::mt19937_64 rng_;
  std::int64_t clock_ms_;
  std::string equipment_id_;
  double import_wh_[2] = {1'234'567.0, 2'345'678.0};
  double export_wh_[2] = {12'345.0, 23'456.0};
  double reactive_import_varh_ = 21'988.0, reactive_export_varh_ = 1'020'971.0;
  double gas_m3_ = 1234.567;
  double gas_captured_m3_ = 1234.567;
  std::int64_t gas_capture_ms_ = 0;
  double phase_w_[3] = {0, 0, 0};   ///< signed: positive import, negative export
  double volts_[3] = {230, 230, 230};
  int failures_short_ = 4, failures_long_ = 2;
};

} // namespace meterhub::p1sim

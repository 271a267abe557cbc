#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "meter_history.hpp"
#include "meterhub/mercury/frame.hpp"
#include "meterhub/mercury/info.hpp"
#include "meterhub/mercury/profile.hpp"
#include "meterhub/mercury/request.hpp"
#include "meterhub/profiles/profile.hpp"
#include "physics.hpp"
#include "station.hpp"

/// A simulated Incotex Mercury 230/234/236 meter speaking its native protocol (specs/mercury-23x.md): the
/// channel opened with the level 1 or level 2 password and closed after inactivity, serial, version, clock
/// (set and corrected), energies since reset and per tariff, day / month / year arrays, per-phase energy,
/// auxiliary values and the power profile, all from one physical model and its history. Pure: the caller passes
/// the time.
namespace meterhub::modbus_sim {

struct mercury_settings {
  std::uint8_t address = 1;
  mercury::password user{1, 1, 1, 1, 1, 1};  ///< level 1 (read)
  mercury::password admin{2, 2, 2, 2, 2, 2}; ///< level 2 (write: clock)
  std::uint64_t seed = 1;
  std::chrono::minutes utc_offset{180};                 ///< the meter keeps this local time, no DST
  std::chrono::milliseconds channel_timeout{240'000};   ///< host time without a request that closes the channel
  unsigned profile_days = 30;                           ///< how far back the power profile is filled at start
  std::int64_t step_ms = 1000;                          ///< the model's step (physics_options::step_ms)
};

/// "111111" as 01 01 01 01 01 01, as readers send it (mercury::password_from_digits); any other six characters as
/// their bytes; nullopt for another length.
std::optional<mercury::password> password_of(std::string_view text);

class mercury_meter {
public:
  /// A meter of profile `p` (protocol mercury23x) whose history runs up to model time `start_ms`: the archives
  /// back to the start of last year, the power profile `profile_days` back.
  mercury_meter(std::shared_ptr<const profiles::profile> p, const mercury_settings& s, std::int64_t start_ms);

  std::uint8_t address() const noexcept { return settings_.address; }

  /// The reply to one request frame (address, body, CRC); empty when a meter stays silent (a broken frame).
  mercury::bytes answer(std::span<const std::uint8_t> frame, const sim_time& now);

  /// Moves the model (and its history) on to `model_ms`.
  void advance_to(std::int64_t model_ms);

  const device_physics& physics() const noexcept { return physics_; }
  const meter_history& history() const noexcept { return history_; }
  const profiles::profile& profile() const noexcept { return *profile_; }
  /// The meter's wall clock at model time `model_ms`, as ms since the epoch read as UTC (set_time moves it).
  std::int64_t wall_ms(std::int64_t model_ms) const noexcept;
  /// The channel's level now: 0 closed, 1 user, 2 admin.
  unsigned level(std::int64_t host_ms) const noexcept;

private:
  mercury::bytes dispatch(std::uint8_t to, const mercury::request& r, const sim_time& now);
  mercury::bytes open(std::uint8_t to, const mercury::open_channel& r, std::int64_t host_ms);
  mercury::bytes set_clock(std::uint8_t to, const mercury::request& r, std::int64_t model_ms);
  mercury::bytes info(std::uint8_t to, const mercury::read_info& r) const;
  mercury::bytes memory(std::uint8_t to, const mercury::read_memory& r) const;
  std::optional<std::uint64_t> record_at(std::uint32_t address) const;
  mercury::profile_pointer pointer() const;

  std::shared_ptr<const profiles::profile> profile_;
  mercury_settings settings_;
  device_physics physics_;
  meter_history history_;
  mercury::serial_info serial_;
  unsigned level_ = 0;
  std::int64_t last_request_host_ms_ = 0;
  std::int64_t clock_offset_ms_ = 0;
  std::int64_t corrected_day_ = -1; ///< the meter's local day of the last 03 0D correction
};

} // namespace meterhub::modbus_sim

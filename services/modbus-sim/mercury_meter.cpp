#include "mercury_meter.hpp"

#include <algorithm>
#include <type_traits>

#include "mercury_values.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/mercury/clock.hpp"
#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/energy.hpp"
#include "meterhub/mercury/params.hpp"
#include "meterhub/mercury/profile.hpp"
#include "meterhub/mercury/reply.hpp"
#include "modbus_device.hpp"

namespace meterhub::modbus_sim {

namespace {

using mercury::bytes;
constexpr std::int64_t day_ms = 86'400'000;
constexpr std::uint8_t status_ok = 0, status_invalid = 1, status_access = 3, status_corrected = 4,
                       status_not_open = 5;

std::int64_t local_midnight(std::int64_t local_ms) {
  return (local_ms / day_ms - (local_ms % day_ms < 0 ? 1 : 0)) * day_ms;
}

/// Where the model starts: the local midnight of 1 January last year, so that every array the meter answers
/// (this year, last year, twelve months, days) has its start in the archive.
std::int64_t history_start(std::int64_t start_ms, std::int64_t offset_ms) {
  const auto today = civil_from_days(local_midnight(start_ms + offset_ms) / day_ms);
  return days_from_civil(today.year - 1, 1, 1) * day_ms - offset_ms;
}

physics_options physics_of(const profiles::profile& p, const mercury_settings& s, std::int64_t start_ms) {
  physics_options o;
  o.seed = s.seed;
  o.utc_offset = s.utc_offset;
  o.start_ms = history_start(start_ms, std::chrono::milliseconds(s.utc_offset).count());
  o.step_ms = s.step_ms;
  return physics_for(p, o);
}

mercury::serial_info serial_for(std::uint64_t seed, std::uint8_t address) {
  random_source rng{derive_seed(seed, 0x4d657263ull + address)};
  mercury::serial_info s;
  for (auto& b : s.serial)
    b = static_cast<std::uint8_t>(rng.next() % 100);
  s.made = {static_cast<std::uint8_t>(1 + rng.next() % 28), static_cast<std::uint8_t>(1 + rng.next() % 12),
            static_cast<std::uint8_t>(18 + rng.next() % 6)};
  return s;
}

bool needs_admin(const mercury::request& r) {
  return std::holds_alternative<mercury::set_time>(r) || std::holds_alternative<mercury::correct_time>(r);
}

/// Requests a meter answers without an open channel: the link test, the serial number (LP) and the network
/// address (08 05, asked at address 0 while commissioning).
bool needs_channel(const mercury::request& r) {
  if (std::holds_alternative<mercury::test_link>(r) || std::holds_alternative<mercury::open_channel>(r)
      || std::holds_alternative<mercury::close_channel>(r))
    return false;
  if (const auto* info = std::get_if<mercury::read_info>(&r))
    return info->kind != mercury::info_kind::serial && info->kind != mercury::info_kind::network_address;
  return true;
}

} // namespace

std::optional<mercury::password> password_of(std::string_view text) {
  if (auto digits = mercury::password_from_digits(text))
    return *digits;
  if (text.size() != 6)
    return std::nullopt;
  mercury::password p{};
  std::copy(text.begin(), text.end(), p.begin());
  return p;
}

mercury_meter::mercury_meter(std::shared_ptr<const profiles::profile> p, const mercury_settings& s,
                             std::int64_t start_ms)
  : profile_(std::move(p)), settings_(s), physics_(physics_of(*profile_, s, start_ms)),
    history_(s.utc_offset, profile_->mercury.profile_period, 500.0 / std::max(1u, profile_->mercury.meter_constant),
             local_midnight(start_ms + std::chrono::milliseconds(s.utc_offset).count())
               - std::chrono::milliseconds(s.utc_offset).count() - s.profile_days * day_ms),
    serial_(serial_for(s.seed, s.address)) {
  // Months of archive in steps of one profile period (an hour step would pass over the midnights of a 30-minute
  // profile and leave the day, month and year archives empty), the profile's days in minute steps: both land on
  // every period end.
  const auto profile_from = start_ms - (s.profile_days + 1) * day_ms;
  history_.advance(physics_, profile_from, std::chrono::milliseconds(history_.period()).count());
  history_.advance(physics_, start_ms, 60'000);
}

void mercury_meter::advance_to(std::int64_t model_ms) {
  // A long pause (a fast clock, nobody asking) is caught up in minute steps up to the last hour.
  if (model_ms - physics_.time_ms() > 3'600'000 && physics_.step_ms() < 60'000)
    history_.advance(physics_, model_ms - 3'600'000, 60'000);
  history_.advance(physics_, model_ms, physics_.step_ms());
}

std::int64_t mercury_meter::wall_ms(std::int64_t model_ms) const noexcept {
  return model_ms + std::chrono::milliseconds(settings_.utc_offset).count() + clock_offset_ms_;
}

unsigned mercury_meter::level(std::int64_t host_ms) const noexcept {
  return host_ms - last_request_host_ms_ > settings_.channel_timeout.count() ? 0 : level_;
}

bytes mercury_meter::answer(std::span<const std::uint8_t> frame, const sim_time& now) {
  const auto decoded = mercury::decode_request(frame);
  if (!decoded) {
    const auto code = decoded.error().code();
    if (code == static_cast<std::uint8_t>(mercury::mercury_errc::bad_crc)
        || code == static_cast<std::uint8_t>(mercury::mercury_errc::bad_length))
      return {}; // a broken frame: the meter heard noise
    return mercury::status_reply(frame[0], status_invalid);
  }
  const auto to = decoded->address; // the reply carries the request's address (0 too, spec §2)
  level_ = level(now.host_ms);      // the channel closes after inactivity
  last_request_host_ms_ = now.host_ms;
  if (needs_channel(decoded->request) && level_ == 0)
    return mercury::status_reply(to, status_not_open);
  if (needs_admin(decoded->request) && level_ < 2)
    return mercury::status_reply(to, status_access);
  advance_to(now.model_ms);
  return dispatch(to, decoded->request, now);
}

bytes mercury_meter::open(std::uint8_t to, const mercury::open_channel& r, std::int64_t host_ms) {
  const auto& expected = r.level == mercury::access_level::admin ? settings_.admin : settings_.user;
  if (r.password != expected) {
    level_ = 0;
    return mercury::status_reply(to, status_invalid);
  }
  level_ = static_cast<unsigned>(r.level);
  last_request_host_ms_ = host_ms;
  return mercury::status_reply(to, status_ok);
}

bytes mercury_meter::set_clock(std::uint8_t to, const mercury::request& r, std::int64_t model_ms) {
  const auto wall = wall_ms(model_ms);
  if (const auto* set = std::get_if<mercury::set_time>(&r)) {
    clock_offset_ms_ += mercury::wall_clock_ms(set->time) - (wall - wall % 1000);
    return mercury::status_reply(to, status_ok);
  }
  const auto& c = std::get<mercury::correct_time>(r).time;
  const auto today = local_midnight(wall);
  const auto target = today + ((c.hour * 60 + c.minute) * 60 + c.second) * std::int64_t{1000};
  // The soft correction moves the clock by at most 4 minutes, once a day (spec: status 4 otherwise).
  if (corrected_day_ == today / day_ms || std::abs(target - wall) > 4 * 60'000)
    return mercury::status_reply(to, status_corrected);
  corrected_day_ = today / day_ms;
  clock_offset_ms_ += target - wall;
  return mercury::status_reply(to, status_ok);
}

bytes mercury_meter::dispatch(std::uint8_t to, const mercury::request& r, const sim_time& now) {
  const double wh_per_count = profile_->mercury.energy_wh_per_count;
  return std::visit([&](const auto& q) -> bytes {
    using t = std::decay_t<decltype(q)>;
    if constexpr (std::is_same_v<t, mercury::open_channel>) {
      return open(to, q, now.host_ms);
    } else if constexpr (std::is_same_v<t, mercury::close_channel>) {
      level_ = 0;
      return mercury::status_reply(to, status_ok);
    } else if constexpr (std::is_same_v<t, mercury::set_time> || std::is_same_v<t, mercury::correct_time>) {
      return set_clock(to, q, now.model_ms);
    } else if constexpr (std::is_same_v<t, mercury::read_time>) {
      const auto wall = wall_ms(now.model_ms);
      const auto time = mercury::meter_time_at(wall, std::chrono::minutes{0}, true);
      return mercury::data_reply(to, mercury::encode_meter_time(time));
    } else if constexpr (std::is_same_v<t, mercury::read_energy>) {
      return mercury::data_reply(to, mercury::encode_energy_array(q, energy_counts(q, physics_, history_,
                                                                                   wh_per_count)));
    } else if constexpr (std::is_same_v<t, mercury::read_aux>) {
      return mercury::data_reply(to, mercury::encode_aux_values(q, aux_values(q, physics_)));
    } else if constexpr (std::is_same_v<t, mercury::read_info>) {
      return info(to, q);
    } else if constexpr (std::is_same_v<t, mercury::read_memory>) {
      return memory(to, q);
    } else {
      return mercury::status_reply(to, status_ok); // test_link
    }
  }, r);
}

bytes mercury_meter::info(std::uint8_t to, const mercury::read_info& r) const {
  using mercury::info_kind;
  switch (r.kind) {
    case info_kind::serial:
      return mercury::data_reply(to, mercury::encode_serial(serial_));
    case info_kind::passport:
      return mercury::data_reply(to, mercury::encode_passport({serial_, {8, 1, 0}, {0xB4, 0x61, 0x41, 0x02, 0, 0}}));
    case info_kind::ratios:
      return mercury::data_reply(to, mercury::encode_ratios({1, 1, {}}));
    case info_kind::version: {
      const std::array<std::uint8_t, 3> version{8, 1, 0};
      return mercury::data_reply(to, version);
    }
    case info_kind::network_address:
      return mercury::data_reply(to, mercury::encode_network_address(settings_.address));
    case info_kind::variant: {
      const std::array<std::uint8_t, 6> variant{0xB4, 0x61, 0x41, 0x02, 0, 0};
      return mercury::data_reply(to, variant);
    }
    case info_kind::profile_pointer:
      if (!profile_->mercury.power_profile || history_.records().empty())
        return mercury::status_reply(to, status_invalid);
      return mercury::data_reply(to, mercury::encode_profile_pointer(pointer()));
  }
  return mercury::status_reply(to, status_invalid);
}

} // namespace meterhub::modbus_sim

#include <algorithm>
#include <string>

#include "meterhub/skstack/error.hpp"
#include "meterhub/skstack/session.hpp"

namespace meterhub::skstack {

namespace {

/// The configured meter if it was heard, else the strongest LQI (spec §2: choose by RSSI / LQI).
const pan_descriptor* best_pan(const std::vector<pan_descriptor>& heard, std::optional<std::uint64_t> meter_mac) {
  const pan_descriptor* best = nullptr;
  for (const auto& pan : heard) {
    if (meter_mac && pan.mac != *meter_mac)
      continue;
    if (!best || pan.lqi > best->lqi)
      best = &pan;
  }
  return best;
}

} // namespace

void session::restart() {
  pending_ = step::none;
  disarm();
  session_gate_ = false;
  rate_gate_ = true;
  requeue(false);
  heard_.clear();
  set_state(session_state::resetting);
  issue(step::reset, encode_reset());
}

void session::advance_setup(step done) {
  pending_ = step::none;
  caf::expected<bytes> next = bytes{};
  step what = step::none;
  if (done == step::reset) {
    what = step::set_rbid;
    next = encode_set_route_b_id(config_.route_b_id);
  } else if (done == step::set_rbid) {
    what = step::set_password;
    next = encode_set_password(config_.password);
  } else if (done == step::set_password && config_.model == module_model::bp35c2) {
    what = step::set_sa2; // adds LQI to BP35C2's ERXUDP (spec §2, MOM)
    next = encode_set_register("SA2", "1");
  } else {
    return after_setup();
  }
  if (!next)
    return fail(skstack_errc::bad_argument, "configuration: " + describe(next.error()));
  issue(what, std::move(*next));
}

void session::after_setup() {
  if (cache_) {
    candidate_ = cache_;
    using_saved_cache_ = true;
    return begin_join();
  }
  begin_scan();
}

void session::begin_scan() {
  set_state(session_state::scanning);
  heard_.clear();
  candidate_.reset();
  using_saved_cache_ = false;
  auto command = encode_scan(config_.model, scan_duration_);
  if (!command)
    return fail(skstack_errc::bad_argument, "configuration: " + describe(command.error()));
  issue(step::scan, std::move(*command));
}

void session::scan_finished() {
  pending_ = step::none;
  disarm();
  const auto* pan = best_pan(heard_, config_.meter_mac);
  if (!pan) {
    out_.emplace_back(report_error{
      make_error(skstack_errc::no_pan_found, "active scan with D = " + std::to_string(scan_duration_))});
    scan_duration_ = std::min<std::uint8_t>(scan_duration_ + 1, config_.max_scan_duration);
    return begin_scan();
  }
  candidate_ = pan_cache{pan->channel, pan->pan_id, pan->mac, link_local_from_mac(pan->mac)};
  set_state(session_state::joining);
  issue(step::ll64, encode_ll64(pan->mac));
}

void session::begin_join() {
  set_state(session_state::joining);
  join_attempts_ = 0;
  issue(step::set_channel, encode_set_channel(candidate_->channel));
}

void session::send_join() {
  ++join_attempts_;
  issue(step::join, encode_join(candidate_->address));
}

void session::join_failed(std::string why) {
  pending_ = step::none;
  disarm();
  if (join_attempts_ < config_.max_join_attempts)
    return send_join();
  out_.emplace_back(report_error{make_error(skstack_errc::join_failed,
                                            why + " after " + std::to_string(join_attempts_) + " tries")});
  if (using_saved_cache_) {
    // The saved PAN may have moved (new channel, new meter): forget it and scan.
    cache_.reset();
    out_.emplace_back(cache_changed{std::nullopt});
    scan_duration_ = config_.first_scan_duration;
    return begin_scan();
  }
  set_state(session_state::lost);
  arm(timer_purpose::restart, config_.restart_delay_ms);
}

void session::joined() {
  pending_ = step::none;
  disarm();
  join_attempts_ = 0;
  timeouts_ = 0;
  session_gate_ = true;
  if (cache_ != candidate_) {
    cache_ = candidate_;
    out_.emplace_back(cache_changed{cache_});
  }
  using_saved_cache_ = true;
  set_state(link_state());
  reopen_gates();
}

void session::rejoin(std::string why) {
  out_.emplace_back(report_error{make_error(skstack_errc::session_lost, why)});
  pending_ = step::none;
  disarm();
  session_gate_ = false;
  requeue(false);
  set_state(session_state::lost);
  candidate_ = cache_;
  using_saved_cache_ = true;
  join_attempts_ = 0;
  set_state(session_state::joining);
  send_join();
}

} // namespace meterhub::skstack

#include "module.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "meterhub/echonet/frame.hpp"
#include "sim_time.hpp"
#include "sk_text.hpp"

namespace meterhub::echonet_sim {

const char* to_string(session_state s) noexcept {
  switch (s) {
    case session_state::none: return "none";
    case session_state::joining: return "joining";
    case session_state::joined: return "joined";
    case session_state::reauth: return "reauth";
    case session_state::lost: return "lost";
  }
  return "?";
}

module::module(const module_options& options, meter& m, std::int64_t now)
  : opt_(options), meter_(m), rng_(options.seed), reader_(options.model),
    meter_text_(skstack::to_string(skstack::link_local_from_mac(options.meter_mac))),
    module_text_(skstack::to_string(skstack::link_local_from_mac(options.module_mac))), wopt_(options.wopt) {
  last_tick_ = now;
  if (opt_.txlimit_every_ms > 0)
    next_txlimit_ = now + opt_.txlimit_every_ms;
}

void module::feed(std::string_view bytes, std::int64_t now) {
  tick(now);
  reader_.feed(bytes);
  while (auto in = reader_.next())
    command(*in, now);
}

void module::tick(std::int64_t now) {
  while (!actions_.empty() && actions_.begin()->first <= now) {
    auto node = actions_.extract(actions_.begin());
    node.mapped()(node.key());
  }
  run_schedule(now);
  last_tick_ = std::max(last_tick_, now);
  if (!meter_.advance_to(now).empty())
    push_fixed_time();
}

std::vector<std::string> module::take_output() {
  return std::exchange(out_, {});
}

std::int64_t module::next_wakeup() const {
  auto next = std::numeric_limits<std::int64_t>::max();
  if (!actions_.empty())
    next = actions_.begin()->first;
  for (const auto t : {next_reauth_, reauth_until_, next_txlimit_, txlimit_until_})
    if (t > 0)
      next = std::min(next, t);
  // the meter's next :00 / :30, in host time
  const auto clock = meter_.clock_ms();
  return std::min(next, last_tick_ + (floor_to(clock, slot_ms) + slot_ms - clock));
}

void module::at(std::int64_t when, action a) {
  actions_.emplace(when, [gen = generation_, this, a = std::move(a)](std::int64_t t) {
    if (gen == generation_)
      a(t);
  });
}

void module::emit(std::string line, bool cr_only) {
  line += cr_only ? "\r" : "\r\n";
  if (faults_.roll(fault_kind::garble, rng_))
    line = garble_line(std::move(line), rng_);
  out_.push_back(std::move(line));
}

void module::fail(int code, bool cr_only) {
  char text[16];
  std::snprintf(text, sizeof text, "FAIL ER%02d", code);
  emit(text, cr_only);
}

void module::event(unsigned number, const std::string& sender, std::optional<unsigned> param) {
  std::string line = "EVENT " + hex(number, 2) + " " + sender;
  if (opt_.model == skstack::module_model::bp35c2)
    line += " 0"; // SIDE: the B-route side (spec §2 table)
  if (param)
    line += " " + hex(*param, 2);
  emit(std::move(line));
}

void module::udp(const std::string& destination, std::uint16_t port, bool secured,
                 const std::vector<std::uint8_t>& data) {
  std::string line = "ERXUDP " + meter_text_ + " " + destination + " " + hex(port, 4) + " " + hex(port, 4) + " "
                     + hex(opt_.meter_mac, 16) + " ";
  const bool c2 = opt_.model == skstack::module_model::bp35c2;
  if (c2)
    line += hex(opt_.lqi, 2) + " "; // spec §9.3: LQI before SECURED, SIDE after it, BP35C2 only
  line += secured ? "1 " : "0 ";
  if (c2)
    line += "0 ";
  line += hex(data.size(), 4) + " ";
  if (data_mode() == skstack::data_format::hex)
    for (const auto b : data)
      line += hex(b, 2);
  else
    line.append(data.begin(), data.end());
  emit(std::move(line));
}

void module::run_schedule(std::int64_t now) {
  if (state_ == session_state::joined && next_reauth_ > 0 && now >= next_reauth_)
    start_reauth(now);
  if (state_ == session_state::reauth && reauth_until_ > 0 && now >= reauth_until_) {
    reauth_until_ = 0;
    state_ = session_state::joined;
    next_reauth_ = opt_.reauth_every_ms > 0 ? now + opt_.reauth_every_ms : 0;
    event(0x25, meter_text_);
  }
  if (next_txlimit_ > 0 && now >= next_txlimit_) {
    next_txlimit_ = now + opt_.txlimit_every_ms;
    if (!txlimited_) {
      txlimited_ = true;
      txlimit_until_ = now + opt_.txlimit_ms;
      event(0x32, module_text_);
    }
  }
  if (txlimit_until_ > 0 && now >= txlimit_until_)
    set_txlimit(false, now);
}

void module::push_fixed_time() {
  // Spec §5: every :00 and :30 the meter pushes EA and EB in one INF. After a jump of several slots only the latest
  // is pushed, as a meter that was unreachable would do.
  if (state_ != session_state::joined && state_ != session_state::reauth)
    return;
  const auto bytes = echonet::encode(meter_.fixed_time_inf(++meter_tid_));
  if (!bytes)
    return;
  ++counts_.notifications;
  udp(module_text_, 0x0E1A, true, *bytes);
}

void module::advance_meter(std::int64_t ms, std::int64_t now) {
  tick(now);
  if (!meter_.jump(ms, now).empty())
    push_fixed_time();
}

bool module::start_reauth(std::int64_t now) {
  if (state_ != session_state::joined)
    return false;
  state_ = session_state::reauth;
  next_reauth_ = 0;
  reauth_until_ = now + std::max<std::int64_t>(opt_.reauth_ms, 1);
  event(0x29, meter_text_);
  return true;
}

void module::set_txlimit(bool on, std::int64_t now) {
  if (on) {
    txlimit_manual_ = true;
    txlimit_until_ = 0;
    if (!txlimited_)
      event(0x32, module_text_);
    txlimited_ = true;
    return;
  }
  (void)now;
  txlimit_manual_ = false;
  txlimit_until_ = 0;
  if (txlimited_)
    event(0x33, module_text_);
  txlimited_ = false;
}

bool module::lose_session(session_loss how, std::int64_t now) {
  (void)now;
  if (state_ != session_state::joined && state_ != session_state::reauth)
    return false;
  end_session(how);
  return true;
}

void module::end_session(session_loss how) {
  state_ = session_state::lost;
  next_reauth_ = 0;
  reauth_until_ = 0;
  if (how == session_loss::peer)
    event(0x26, meter_text_);
  else if (how == session_loss::timeout)
    event(0x28, meter_text_);
}

} // namespace meterhub::echonet_sim

#include "meterhub/skstack/session.hpp"

#include <utility>

#include "meterhub/skstack/error.hpp"

namespace meterhub::skstack {

const char* to_string(session_state state) noexcept {
  switch (state) {
    case session_state::idle:
      return "idle";
    case session_state::resetting:
      return "resetting";
    case session_state::scanning:
      return "scanning";
    case session_state::joining:
      return "joining";
    case session_state::joined:
      return "joined";
    case session_state::reauthenticating:
      return "reauthenticating";
    case session_state::transmit_limited:
      return "transmit_limited";
    case session_state::lost:
      return "lost";
  }
  return "unknown";
}

session::session(session_config config, std::optional<pan_cache> cache)
  : config_(std::move(config)), cache_(std::move(cache)), scan_duration_(config_.first_scan_duration) {
  // nop
}

actions session::start(std::uint64_t now) {
  now_ = now;
  restart();
  return std::exchange(out_, {});
}

actions session::stop(std::uint64_t now) {
  now_ = now;
  if (in_session()) {
    issue(step::terminate, encode_terminate());
  } else {
    pending_ = step::none;
    disarm();
    set_state(session_state::idle);
  }
  return std::exchange(out_, {});
}

actions session::on_message(const message& msg, std::uint64_t now) {
  now_ = now;
  if (const auto* ok = std::get_if<ok_reply>(&msg))
    on_ok(*ok);
  else if (const auto* fail = std::get_if<fail_reply>(&msg))
    on_fail(*fail);
  else if (const auto* ev = std::get_if<event>(&msg))
    on_event(*ev);
  else if (const auto* datagram = std::get_if<udp_datagram>(&msg))
    on_datagram(*datagram);
  else if (const auto* pan = std::get_if<pan_descriptor>(&msg); pan && state_ == session_state::scanning)
    heard_.push_back(*pan);
  else if (const auto* ll64 = std::get_if<link_local_reply>(&msg); ll64 && pending_ == step::ll64) {
    candidate_->address = ll64->address;
    begin_join();
  }
  // Echoes, EINFO and EVER need no reaction from the session.
  return std::exchange(out_, {});
}

actions session::on_timer(std::uint64_t id, std::uint64_t now) {
  now_ = now;
  if (id == timer_id_ && timer_ != timer_purpose::none) {
    const auto purpose = std::exchange(timer_, timer_purpose::none);
    on_timeout(purpose);
  }
  return std::exchange(out_, {});
}

void session::set_state(session_state next) {
  if (next == state_)
    return;
  state_ = next;
  out_.emplace_back(state_changed{next});
}

void session::arm(timer_purpose purpose, std::uint32_t delay_ms) {
  timer_ = purpose;
  ++timer_id_;
  out_.emplace_back(start_timer{timer_id_, now_ + delay_ms});
}

void session::disarm() {
  timer_ = timer_purpose::none;
}

void session::issue(step what, bytes command) {
  out_.emplace_back(send_command{std::move(command)});
  pending_ = what;
  arm(timer_purpose::command, config_.command_timeout_ms);
}

void session::fail(skstack_errc code, std::string detail) {
  out_.emplace_back(report_error{make_error(code, detail)});
  pending_ = step::none;
  session_gate_ = false;
  requeue(false);
  set_state(session_state::lost);
  arm(timer_purpose::restart, config_.restart_delay_ms);
}

session_state session::link_state() const {
  if (!session_gate_)
    return session_state::reauthenticating;
  if (!rate_gate_)
    return session_state::transmit_limited;
  return session_state::joined;
}

bool session::in_session() const {
  return state_ == session_state::joined || state_ == session_state::reauthenticating
         || state_ == session_state::transmit_limited;
}

void session::on_timeout(timer_purpose purpose) {
  switch (purpose) {
    case timer_purpose::command: {
      const auto what = std::exchange(pending_, step::none);
      if (what == step::send_to)
        send_timed_out();
      else if (what == step::terminate)
        set_state(session_state::idle);
      else if (what == step::join)
        join_failed("no answer to SKJOIN");
      else
        fail(skstack_errc::timeout, "no answer from the module during setup");
      return;
    }
    case timer_purpose::scan:
      return scan_finished(); // EVENT 22 lost: take what was heard
    case timer_purpose::join:
      return join_failed("neither EVENT 24 nor 25 after SKJOIN");
    case timer_purpose::reauth:
      return rejoin("no EVENT 25 after EVENT 29");
    case timer_purpose::send_result:
      return send_timed_out();
    case timer_purpose::send_retry:
      retry_wait_ = false;
      return pump();
    case timer_purpose::restart:
      return restart();
    case timer_purpose::terminate:
      return set_state(session_state::idle);
    case timer_purpose::none:
      return;
  }
}

} // namespace meterhub::skstack

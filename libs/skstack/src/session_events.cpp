#include <string>

#include "meterhub/skstack/error.hpp"
#include "meterhub/skstack/session.hpp"

namespace meterhub::skstack {

void session::on_ok(const ok_reply&) {
  switch (pending_) {
    case step::reset:
    case step::set_rbid:
    case step::set_password:
    case step::set_sa2:
      return advance_setup(pending_);
    case step::scan:
      pending_ = step::none;
      // 28 channels × 0.01 s × (2^D + 1) (MAN 4.12), plus the command timeout as margin.
      return arm(timer_purpose::scan,
                 config_.scan_channels * 10u * ((1u << scan_duration_) + 1u) + config_.command_timeout_ms);
    case step::set_channel:
      return issue(step::set_pan, encode_set_pan_id(candidate_->pan_id));
    case step::set_pan:
      return send_join();
    case step::join:
      pending_ = step::none;
      return arm(timer_purpose::join, config_.join_timeout_ms);
    case step::send_to:
      pending_ = step::none;
      if (flight_)
        flight_->ok_seen = true;
      if (flight_ && flight_->outcome_seen)
        return finish_frame();
      // With a gate closed the re-authentication timer runs; the frame's fate is settled when the gate reopens.
      if (flight_ && gates_open())
        return arm(timer_purpose::send_result, config_.command_timeout_ms);
      return pump();
    case step::terminate:
      pending_ = step::none;
      return arm(timer_purpose::terminate, config_.command_timeout_ms);
    case step::ll64: // SKLL64 answers with the address alone; an OK is not expected
    case step::none:
      return;
  }
}

void session::on_fail(const fail_reply& reply) {
  const auto what = std::exchange(pending_, step::none);
  if (what == step::none)
    return;
  if (what == step::send_to) {
    if (flight_)
      flight_->ok_seen = true;
    return send_outcome(0x01); // rejected like a cancelled transmission: retry later
  }
  if (what == step::terminate)
    return set_state(session_state::idle);
  fail(skstack_errc::command_failed, "FAIL ER" + std::to_string(reply.code) + " during setup");
}

void session::on_event(const event& ev) {
  switch (ev.code()) {
    case event_code::scan_done:
      if (state_ == session_state::scanning)
        scan_finished();
      return;
    case event_code::pana_failed:
      if (state_ == session_state::reauthenticating)
        return rejoin("EVENT 24 during re-authentication"); // spec §4: on 24 → SKJOIN
      if (state_ == session_state::joining && (pending_ == step::join || timer_ == timer_purpose::join))
        join_failed("EVENT 24");
      return;
    case event_code::pana_joined:
      if (state_ == session_state::reauthenticating
          || (state_ == session_state::joining && (pending_ == step::join || timer_ == timer_purpose::join)))
        joined();
      return;
    case event_code::peer_terminated:
    case event_code::session_terminated:
    case event_code::terminate_timed_out:
      return session_ended(ev.number);
    case event_code::session_expired:
    case event_code::transmit_limited:
    case event_code::transmit_limit_lifted:
      return gate_event(ev.code());
    case event_code::udp_sent:
      if (flight_)
        send_outcome(ev.param.value_or(0));
      return;
    default:
      return;
  }
}

void session::session_ended(std::uint8_t number) {
  if (pending_ == step::terminate || timer_ == timer_purpose::terminate) {
    pending_ = step::none;
    disarm();
    session_gate_ = false;
    return set_state(session_state::idle);
  }
  // Spec §4: 26 (peer asked to end), 27 / 28 (ended, or timed out ending): the session is gone; join again.
  if (in_session())
    rejoin("EVENT " + std::to_string(number) + ": session ended");
}

void session::gate_event(event_code code) {
  if (code == event_code::session_expired) {
    if (!in_session())
      return;
    session_gate_ = false; // spec §4: sending pauses between EVENT 29 and EVENT 25
    set_state(link_state());
    return arm(timer_purpose::reauth, config_.reauth_timeout_ms);
  }
  // EVENT 32 / 33: the ARIB transmit-time cap; the module would cancel every send while it holds.
  rate_gate_ = code == event_code::transmit_limit_lifted;
  if (!in_session())
    return;
  set_state(link_state());
  if (rate_gate_)
    reopen_gates();
}

void session::on_datagram(const udp_datagram& datagram) {
  // Spec §3, §9.3: only ECHONET Lite (0E1A both ways) from the meter, side 0 on BP35C2; PANA on 02CC is ignored.
  if (!in_session() || !cache_ || datagram.sender != cache_->address)
    return;
  if (datagram.remote_port != echonet_port || datagram.local_port != echonet_port)
    return;
  if (datagram.side && *datagram.side != 0)
    return;
  out_.emplace_back(deliver_frame{datagram});
}

} // namespace meterhub::skstack

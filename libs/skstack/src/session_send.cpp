#include "meterhub/skstack/error.hpp"
#include "meterhub/skstack/session.hpp"

namespace meterhub::skstack {

actions session::send(bytes payload, std::uint64_t now) {
  now_ = now;
  if (queue_.size() >= config_.queue_limit) {
    out_.emplace_back(frame_dropped{std::move(queue_.front().payload),
                                    make_error(skstack_errc::queue_full, "oldest queued frame dropped")});
    queue_.pop_front();
  }
  queue_.push_back(in_flight{std::move(payload)});
  pump();
  return std::exchange(out_, {});
}

bool session::gates_open() const {
  return in_session() && session_gate_ && rate_gate_;
}

void session::pump() {
  if (!gates_open() || pending_ != step::none || flight_ || retry_wait_ || queue_.empty())
    return;
  flight_ = std::move(queue_.front());
  queue_.pop_front();
  transmit();
}

void session::transmit() {
  auto command = encode_send_to(config_.model, cache_->address, echonet_port, config_.security, flight_->payload);
  if (!command) {
    out_.emplace_back(frame_dropped{std::move(flight_->payload), std::move(command.error())});
    flight_.reset();
    return pump();
  }
  ++flight_->attempts;
  flight_->ok_seen = false;
  flight_->outcome_seen = false;
  issue(step::send_to, std::move(*command));
}

void session::send_outcome(std::uint8_t param) {
  if (param != 0x01) { // 00 sent, 02 sent after neighbour solicitation (spec §3)
    flight_->outcome_seen = true;
    if (flight_->ok_seen)
      finish_frame();
    return;
  }
  // 01: busy channel, no ACK, or cancelled by the transmit-time limit. A closed gate explains it; do not count it.
  const bool open = gates_open();
  requeue(open);
  if (open) {
    retry_wait_ = true;
    arm(timer_purpose::send_retry, config_.send_retry_delay_ms);
  }
}

void session::finish_frame() {
  flight_.reset();
  timeouts_ = 0;
  if (timer_ == timer_purpose::send_result)
    disarm();
  pump();
}

void session::requeue(bool counts) {
  if (!flight_)
    return;
  if (!counts && flight_->attempts > 0)
    --flight_->attempts;
  if (counts && flight_->attempts >= config_.max_send_attempts) {
    out_.emplace_back(frame_dropped{std::move(flight_->payload),
                                    make_error(skstack_errc::send_failed, "EVENT 21 PARAM 01 on every try")});
  } else {
    flight_->ok_seen = false;
    flight_->outcome_seen = false;
    queue_.push_front(std::move(*flight_));
  }
  flight_.reset();
}

void session::reopen_gates() {
  if (!gates_open())
    return;
  retry_wait_ = false;
  // A frame sent before the gate closed whose EVENT 21 never came: send it again (same bytes, same TID).
  if (flight_ && !flight_->outcome_seen && pending_ != step::send_to)
    requeue(false);
  pump();
}

void session::send_timed_out() {
  pending_ = step::none;
  if (!gates_open()) { // a closed gate explains the silence: wait for it, do not count it
    requeue(false);
    return;
  }
  if (++timeouts_ >= config_.max_timeouts) {
    timeouts_ = 0;
    return rejoin("no answer to " + std::to_string(config_.max_timeouts) + " SKSENDTO in a row");
  }
  requeue(true);
  pump();
}

} // namespace meterhub::skstack

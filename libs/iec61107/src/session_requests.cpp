#include <string>

#include "meterhub/iec61107/error.hpp"
#include "meterhub/iec61107/session.hpp"

// The request phase of a session: R1/W1 one at a time, their replies, retries, the readout block and the break.
namespace meterhub::iec61107 {

std::vector<action> session::send_and_receive(std::string bytes) {
  reader_.reset();
  extended_ = false;
  return {action::send(std::move(bytes)), action::receive(settings_.reply_timeout)};
}

std::vector<action> session::send_next() {
  request_attempt_ = 0;
  if (!queue_.empty())
    return send_current();
  if (!settings_.keep_open)
    return end();
  state_ = state::idle;
  return {action::of(action::kind::idle)};
}

std::vector<action> session::send_current() {
  ++request_attempt_;
  state_ = state::reply;
  const request& r = queue_.front();
  const bool write = r.what == request::kind::write;
  return send_and_receive(command_message(write ? "W1" : "R1", data_set(r.address, write ? r.value : "")));
}

std::vector<action> session::record(caf::expected<data_set_value> reply) {
  outcomes_.push_back({std::move(queue_.front()), std::move(reply)});
  queue_.pop_front();
  return send_next();
}

std::vector<action> session::on_reply(caf::expected<message> m) {
  const bool repeatable = (!m && m.error() == iec61107_errc::bad_bcc) || (m && m->kind == message_kind::nak);
  if (repeatable) {
    if (request_attempt_ < settings_.request_attempts)
      return send_current(); // §8: a BCC error → send the same request again, once
    return record(m ? make_error(iec61107_errc::unexpected_message, "NAK") : std::move(m.error()));
  }
  if (!m)
    return record(std::move(m.error()));
  const bool write = queue_.front().what == request::kind::write;
  if (m->kind == message_kind::data)
    return record(parse_reply(m->data));
  if (write && m->kind == message_kind::ack)
    return record(data_set_value{queue_.front().address, {}, {}, {}});
  if (m->kind == message_kind::stray && !write)
    return {}; // noise between request and reply
  return record(make_error(write ? iec61107_errc::write_rejected : iec61107_errc::unexpected_message,
                           "answer to " + queue_.front().address + " is no data set"));
}

std::vector<action> session::on_readout(caf::expected<message> m) {
  if (!m)
    return end(std::move(m.error()));
  if (m->kind != message_kind::data)
    return {};
  block_ += m->data;
  if (m->partial) // more blocks follow each ACK of ours
    return {action::send(std::string{ack}), action::receive(settings_.reply_timeout)};
  auto sets = parse_data_block(block_);
  if (!sets)
    return end(std::move(sets.error()));
  readout_ = std::move(*sets);
  state_ = state::finished;
  return {action::of(action::kind::finished)}; // the meter ends a readout session itself: no break
}

std::vector<action> session::submit(std::vector<request> more) {
  if (state_ != state::idle)
    return {};
  queue_.insert(queue_.end(), more.begin(), more.end());
  return send_next();
}

std::vector<action> session::close() {
  return state_ == state::idle ? end() : std::vector<action>{};
}

std::vector<action> session::end(caf::error why) {
  failure_ = std::move(why);
  const bool signed_on = state_ != state::before_start;
  state_ = state::finished;
  if (!signed_on)
    return {action::of(action::kind::finished)};
  return {action::send(break_message()), action::pause(settings_.after_break), action::of(action::kind::finished)};
}

} // namespace meterhub::iec61107

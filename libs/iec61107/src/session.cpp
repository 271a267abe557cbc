#include "meterhub/iec61107/session.hpp"

#include <algorithm>

#include "meterhub/iec61107/error.hpp"

namespace meterhub::iec61107 {

namespace {

using kind = action::kind;

/// The operand of "P0(operand)".
std::string operand_of(std::string_view data) {
  const auto open = data.find('(');
  const auto close = data.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return {};
  return std::string{data.substr(open + 1, close - open - 1)};
}

} // namespace

session::session(session_settings settings, std::vector<request> requests)
  : settings_(std::move(settings)), queue_(requests.begin(), requests.end()) {
}

std::vector<action> session::start() {
  if (!baud_char_of(settings_.initial_baud) || !baud_char_of(settings_.max_baud))
    return end(make_error(iec61107_errc::bad_configuration, "baud rate without a mode C baud character"));
  return sign_on();
}

std::vector<action> session::sign_on() {
  ++sign_on_attempt_;
  state_ = state::ident;
  reader_.reset();
  extended_ = false;
  return {action::set_baud(settings_.initial_baud), action::send(iec61107::sign_on(settings_.address)),
          action::receive(settings_.reply_timeout)};
}

std::vector<action> session::retry_sign_on(caf::error why) {
  if (sign_on_attempt_ >= settings_.sign_on_attempts)
    return end(std::move(why));
  // §8: every failed sign-on is followed by a break and line silence, so the meter starts from its idle state.
  std::vector<action> out{action::send(break_message()), action::pause(settings_.after_break)};
  auto again = sign_on();
  out.insert(out.end(), again.begin(), again.end());
  return out;
}

std::vector<action> session::option_select(const identification& id) {
  ident_ = id;
  if (settings_.identify_only)
    return end();
  int rate = settings_.initial_baud;
  if (settings_.interface == line_interface::optical)
    rate = std::min(baud_of(id.baud_char).value_or(settings_.initial_baud), settings_.max_baud);
  const char z = *baud_char_of(rate);
  std::vector<action> out{action::send(iec61107::option_select(z, settings_.mode))};
  if (rate != settings_.initial_baud) {
    // §1: the meter switches 0.2 s after the ACK; the ACK must leave at the old rate before the port changes.
    out.push_back(action::of(kind::drain));
    out.push_back(action::pause(settings_.baud_switch_delay));
    out.push_back(action::set_baud(rate));
  }
  state_ = settings_.mode == session_mode::programming ? state::password_request : state::readout;
  reader_.reset();
  out.push_back(action::receive(settings_.reply_timeout));
  return out;
}

std::vector<action> session::on_bytes(std::string_view bytes) {
  reader_.feed(bytes);
  while (auto m = reader_.next()) {
    auto out = handle(std::move(*m));
    if (!out.empty())
      return out;
  }
  return {};
}

std::vector<action> session::handle(caf::expected<message> m) {
  switch (state_) {
    case state::ident:
      return on_ident(std::move(m));
    case state::password_request:
      return m ? on_password_request(*m) : retry_sign_on(std::move(m.error()));
    case state::password_ack:
      return m ? on_password_ack(*m) : end(make_error(iec61107_errc::password_rejected, "garbled answer"));
    case state::reply:
      return on_reply(std::move(m));
    case state::readout:
      return on_readout(std::move(m));
    default:
      return {}; // nothing is expected: late or stray bytes are ignored
  }
}

std::vector<action> session::on_timeout() {
  if (reader_.in_message() && !extended_) {
    extended_ = true; // a message has begun: give its rest one more timeout (long lists at low rates)
    return {action::receive(settings_.reply_timeout)};
  }
  switch (state_) {
    case state::ident:
      return retry_sign_on(make_error(iec61107_errc::no_answer, "no identification after sign-on"));
    case state::password_request:
      return retry_sign_on(make_error(iec61107_errc::no_answer, "no password request after option select"));
    case state::password_ack:
      return end(make_error(iec61107_errc::no_answer, "no answer to the password"));
    case state::reply:
    case state::readout:
      // §8: silence → break and back off; the requests not sent stay without outcome.
      return end(make_error(iec61107_errc::no_answer, "no answer to " + (queue_.empty() ? std::string{"readout"}
                                                                                         : queue_.front().address)));
    default:
      return {};
  }
}

std::vector<action> session::on_ident(caf::expected<message> m) {
  if (!m)
    return retry_sign_on(std::move(m.error()));
  if (m->kind != message_kind::identification)
    return {}; // echo of our own sign-on on two-wire lines, or noise before the answer
  return option_select(m->ident);
}

std::vector<action> session::on_password_request(const message& m) {
  if (m.kind == message_kind::stray)
    return {};
  if (m.kind != message_kind::command || m.command != "P0")
    return end(make_error(iec61107_errc::unexpected_message, "expected the password request P0"));
  const std::string password = settings_.password.value_or(operand_of(m.data));
  state_ = state::password_ack;
  return send_and_receive(command_message("P1", data_set({}, password)));
}

std::vector<action> session::on_password_ack(const message& m) {
  if (m.kind != message_kind::ack)
    return end(make_error(iec61107_errc::password_rejected, "the meter did not acknowledge the password"));
  return send_next();
}

} // namespace meterhub::iec61107

#include "meter_model.hpp"

#include <fmt/format.h>

#include "meterhub/iec61107/error.hpp"
#include "meterhub/iec61107/frames.hpp"
#include "register_address.hpp"
#include "sim_error.hpp"

namespace meterhub::iec61107sim {

namespace {

using iec61107::message_kind;
using phase = session_state::phase;

/// "ADDRESS(value)" split at the first '(' and the closing ')'; nullopt when it is not one data set.
std::optional<std::pair<std::string, std::string>> split_data_set(const std::string& data) {
  const auto open = data.find('(');
  if (open == std::string::npos || data.size() < open + 2 || data.back() != ')')
    return std::nullopt;
  return std::pair{data.substr(0, open), data.substr(open + 1, data.size() - open - 2)};
}

reply silent(std::string event = {}) {
  return {{}, std::nullopt, std::move(event), false};
}

reply say(std::string bytes, std::string event, bool routine = false) {
  return {std::move(bytes), std::nullopt, std::move(event), routine};
}

} // namespace

std::string data_reply(std::string_view data) {
  std::string body{data};
  body += iec61107::etx;
  return std::string{iec61107::stx} + body + static_cast<char>(iec61107::block_check(body));
}

std::string error_reply(int code) {
  return data_reply(fmt::format("({:02})", code));
}

meter_model::meter_model(model_settings settings, std::vector<simulated_meter> meters)
  : settings_(std::move(settings)), meters_(std::move(meters)) {
}

std::string meter_model::who(const session_state& s) const {
  return "meter " + meters_[s.meter].network_address();
}

reply meter_model::answer(session_state& s, const caf::expected<iec61107::message>& in, local_seconds host_now) {
  if (s.at != phase::idle && host_now - s.last_message > settings_.session_timeout)
    s.at = phase::idle; // IEC 62056-21: a meter leaves programming mode after a while without messages
  s.last_message = host_now;
  reply r;
  if (!in) {
    // §2: NAK asks for a repetition. Outside a session the meter is not listening (and on a bus must not talk).
    const bool bad_bcc = in.error() == iec61107::iec61107_errc::bad_bcc;
    r = bad_bcc && s.at != phase::idle ? say(std::string{iec61107::nak}, "bad BCC from the reader: NAK")
                                       : silent("unreadable bytes ignored: " + describe(in.error()));
  } else if (in->kind == message_kind::sign_on) {
    r = on_sign_on(s, in->address);
  } else if (in->kind == message_kind::option_select) {
    r = on_option_select(s, *in, host_now);
  } else if (in->kind == message_kind::command) {
    r = on_command(s, *in, host_now);
  } else if (in->kind == message_kind::nak && s.at != phase::idle && !s.last_reply.empty()) {
    r = say(s.last_reply, "NAK: last reply repeated");
  }
  if (!r.bytes.empty())
    s.last_reply = r.bytes;
  return r;
}

reply meter_model::on_sign_on(session_state& s, const std::string& address) {
  s.at = phase::idle;
  std::optional<std::size_t> found;
  if (address.empty()) {
    if (meters_.size() != 1) // on a bus every meter would answer at once: real meters keep quiet
      return silent(fmt::format("sign-on without an address on a line of {} meters: nobody answers", meters_.size()));
    found = 0;
  }
  for (std::size_t i = 0; i < meters_.size() && !found; ++i)
    if (same_meter_address(address, meters_[i].network_address()))
      found = i;
  if (!found)
    return silent("sign-on for '" + address + "': no such meter here");
  s.at = phase::identified;
  s.meter = *found;
  return say("/" + settings_.ident + "\r\n", who(s) + ": sign-on");
}

reply meter_model::on_option_select(session_state& s, const iec61107::message& m, local_seconds now) {
  if (s.at != phase::identified)
    return silent("option select outside a sign-on ignored");
  std::optional<int> baud;
  std::string note;
  if (settings_.optical)
    baud = iec61107::baud_of(m.baud_char);
  else if (m.baud_char != settings_.ident[3]) // §1: on RS-485 Z must be the line's rate; nothing switches
    note = fmt::format(" (Z '{}' is not the line's '{}': an RS-485 meter stays at its rate)", m.baud_char,
                       settings_.ident[3]);
  reply r;
  if (m.mode == static_cast<char>(iec61107::session_mode::programming)) {
    s.at = phase::password;
    r = say(iec61107::command_message("P0", "(00000000)"), who(s) + ": programming mode, password requested");
  } else if (m.mode == static_cast<char>(iec61107::session_mode::readout)) {
    s.at = phase::idle;
    r = readout(meters_[s.meter], now);
    r.event = who(s) + ": readout";
  } else {
    s.at = phase::idle;
    return silent(fmt::format("{}: option select mode '{}' not supported", who(s), m.mode));
  }
  r.baud = baud;
  r.event += note;
  return r;
}

reply meter_model::on_command(session_state& s, const iec61107::message& m, local_seconds now) {
  if (s.at == phase::idle)
    return silent("command " + m.command + " outside a session ignored");
  if (m.command == "B0") { // a break ends the session in any phase, and is never answered
    s.at = phase::idle;
    return silent(who(s) + ": break");
  }
  if (s.at == phase::identified)
    return silent(who(s) + ": command " + m.command + " before the option select ignored");
  if (m.command == "P1")
    return on_password(s, m.data);
  if (m.command == "R1")
    return on_read(s, m.data, now);
  if (m.command == "W1")
    return on_write(s, m.data, now);
  return say(error_reply(1), who(s) + ": command " + m.command + " not supported: (01)");
}

reply meter_model::on_password(session_state& s, const std::string& data) {
  const auto set = split_data_set(data);
  if (set && set->first.empty() && set->second == meters_[s.meter].password()) {
    s.at = phase::programming;
    return say(std::string{iec61107::ack}, who(s) + ": password accepted");
  }
  s.at = phase::password; // the reading side may try again
  return say(std::string{password_rejected}, who(s) + ": password rejected");
}

reply meter_model::on_read(session_state& s, const std::string& data, local_seconds now) {
  auto& meter = meters_[s.meter];
  if (s.at == phase::password && !meter.reads_without_password())
    return say(error_reply(3), who(s) + ": R1 before the password: (03)");
  const auto set = split_data_set(data);
  if (!set)
    return say(error_reply(2), who(s) + ": R1 without a data set: (02)");
  const auto address = parse_register_address(set->first);
  auto value = address ? meter.read(*address, now) : caf::expected<std::string>{make_error(sim_errc::unknown_register)};
  if (!value) {
    const int code = wire_code(value.error());
    return say(error_reply(code), fmt::format("{}: read {}: ({:02})", who(s), set->first, code));
  }
  return say(data_reply(set->first + "(" + *value + ")"), who(s) + ": read " + set->first + " = " + *value, true);
}

reply meter_model::on_write(session_state& s, const std::string& data, local_seconds now) {
  if (s.at != phase::programming)
    return say(error_reply(3), who(s) + ": W1 before the password: (03)");
  const auto set = split_data_set(data);
  if (!set)
    return say(error_reply(2), who(s) + ": W1 without a data set: (02)");
  const auto address = parse_register_address(set->first);
  const auto err = address ? meters_[s.meter].write(*address, set->second, now) : make_error(sim_errc::unknown_register);
  if (err) {
    const int code = wire_code(err);
    return say(error_reply(code), fmt::format("{}: write {}({}): ({:02})", who(s), set->first, set->second, code));
  }
  return say(std::string{iec61107::ack}, who(s) + ": write " + set->first + "(" + set->second + ")");
}

reply meter_model::readout(const simulated_meter& meter, local_seconds now) const {
  // A mode-A/C readout: one data set per line, "!" CR LF, then ETX and BCC over everything after STX.
  static constexpr register_address shown[] = {0x600100FF, 0x000902FF, 0x000901FF, 0x0F0880FF, 0x100700FF,
                                               0x200700FF, 0x340700FF, 0x480700FF, 0x0E0701FF};
  std::string block;
  for (const register_address a : shown)
    if (auto value = meter.read(a, now))
      block += wire_address(a) + "(" + *value + ")\r\n";
  block += "!\r\n";
  return say(data_reply(block), {});
}

} // namespace meterhub::iec61107sim

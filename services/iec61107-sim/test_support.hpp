#pragma once

// Helpers for the imitator's unit tests: build a model, talk to it in bytes, write frames by hand.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "meter_model.hpp"
#include "meterhub/iec61107/frames.hpp"
#include "meterhub/iec61107/message_reader.hpp"
#include "sim_error.hpp"
#include "sim_setup.hpp"

namespace meterhub::iec61107sim::test {

/// 2024-04-14T10:00:00, a Sunday: the spec's worked example day.
inline constexpr local_seconds april_14_10am = 1713088800;

/// Bytes from hex like "02 28 30 31 29 03 03".
inline std::string hex(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i + 1 < text.size();) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    out += static_cast<char>(std::stoi(std::string{text.substr(i, 2)}, nullptr, 16));
    i += 2;
  }
  return out;
}

/// A model from setup options; the test fails loudly when they are wrong.
inline meter_model make_model(setup_options options = {}) {
  auto model = build_model(options);
  if (!model)
    throw std::runtime_error(describe(model.error()));
  return std::move(*model);
}

/// One line to the model: what the reading side sends goes through a meter-role message reader, as in the program.
class line {
public:
  explicit line(meter_model& model) : model_(model), reader_(options()) {}

  /// Sends `bytes` at host time `now`; returns everything the meters answered.
  std::string send(std::string_view bytes, local_seconds now = april_14_10am) {
    reader_.feed(bytes);
    std::string out;
    while (auto m = reader_.next()) {
      last_ = model_.answer(session_, *m, now);
      out += last_.bytes;
    }
    return out;
  }

  /// sign-on, option select for programming, password: the usual way into a session.
  void open(std::string_view address = {}, std::string_view password = "00000000",
            local_seconds now = april_14_10am) {
    send(iec61107::sign_on(address), now);
    send(iec61107::option_select('5', iec61107::session_mode::programming), now);
    send(iec61107::command_message("P1", "(" + std::string{password} + ")"), now);
  }

  /// R1 of a register; the value of a data reply "STX address(value) ETX BCC", else the whole reply (error replies,
  /// silence).
  std::string read(std::string_view address, local_seconds now = april_14_10am) {
    const auto reply = send(iec61107::command_message("R1", std::string{address} + "()"), now);
    if (reply.size() < 4 || reply.front() != iec61107::stx || reply[reply.size() - 2] != iec61107::etx)
      return reply;
    const auto data = reply.substr(1, reply.size() - 3); // the BCC may be any byte, ')' included
    const auto open = data.find('(');
    if (open == 0 || open == std::string::npos || data.back() != ')')
      return reply;
    return data.substr(open + 1, data.size() - open - 2);
  }

  std::string write(std::string_view address, std::string_view value, local_seconds now = april_14_10am) {
    return send(iec61107::command_message("W1", std::string{address} + "(" + std::string{value} + ")"), now);
  }

  session_state& session() noexcept { return session_; }
  const reply& last() const noexcept { return last_; }

private:
  static iec61107::reader_options options() {
    iec61107::reader_options o;
    o.role = iec61107::reader_role::meter;
    return o;
  }
  meter_model& model_;
  iec61107::message_reader reader_;
  session_state session_;
  reply last_;
};

/// Splits "a,b,c".
inline std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (auto comma = text.find(','); comma != std::string::npos; comma = text.find(',', from)) {
    out.push_back(text.substr(from, comma - from));
    from = comma + 1;
  }
  out.push_back(text.substr(from));
  return out;
}

/// "029623.47" kWh → 29623470 Wh, exactly (digits × 10, §6).
inline long long wh_of(const std::string& kwh) {
  std::string digits;
  for (const char c : kwh)
    if (c != '.')
      digits += c;
  return std::stoll(digits) * 10;
}

} // namespace meterhub::iec61107sim::test

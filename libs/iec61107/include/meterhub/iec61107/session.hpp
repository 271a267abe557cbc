#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/iec61107/data_sets.hpp"
#include "meterhub/iec61107/frames.hpp"
#include "meterhub/iec61107/identification.hpp"
#include "meterhub/iec61107/message_reader.hpp"

/// One IEC 62056-21 mode C session (sign-on, identification, option select, password, reads and writes, break) as a
/// pure state machine. It never touches a port or a clock: every call returns the actions the line actor carries
/// out in order, so every step, retry and timeout is unit-testable (STYLE §1; specs/iec61107-neva.md §1, §2, §8).
namespace meterhub::iec61107 {

/// How the meter is reached: the baud-rate rules differ (§1).
enum class line_interface : std::uint8_t {
  optical, ///< sign-on at 300 Bd, then both sides switch to the negotiated rate
  rs485,   ///< RS-485, modems and TCP converters: one fixed rate for the whole session
};

struct session_settings {
  std::string address;                 ///< sign-on address; empty when the meter is alone on its line
  std::optional<std::string> password; ///< sent with P1; unset: echo the meter's P0 operand (meters without one)
  line_interface interface = line_interface::rs485;
  int initial_baud = 9600;             ///< 300 on optical ports
  int max_baud = 9600;                 ///< optical: the most to negotiate, whatever the meter offers
  session_mode mode = session_mode::programming;
  std::chrono::milliseconds reply_timeout{2000};
  std::chrono::milliseconds baud_switch_delay{30}; ///< after the option select is on the wire, before switching
  std::chrono::milliseconds after_break{500};      ///< line silence after B0, before anything else
  int sign_on_attempts = 5;            ///< each failed attempt is followed by a break
  int request_attempts = 2;            ///< a reply with a bad BCC, or a NAK, makes the request be sent again
  bool keep_open = false;              ///< when the queue runs dry, wait for more requests instead of breaking
  bool identify_only = false;          ///< break right after the identification (scanning a bus for addresses)
};

/// What the line actor does, in order.
struct action {
  enum class kind : std::uint8_t {
    send,     ///< write `bytes`
    drain,    ///< wait until everything written has left the port (before a baud switch)
    pause,    ///< wait `duration`, then go on with the next action
    set_baud, ///< reprogram the port to `baud` (7E1 stays)
    receive,  ///< wait up to `duration` for bytes: hand them to on_bytes, or call on_timeout when it elapses
    idle,     ///< keep_open: the queue is empty; call submit() or close()
    finished, ///< the session is over: read outcomes() and failure()
  };
  kind what = kind::finished;
  std::string bytes;
  int baud = 0;
  std::chrono::milliseconds duration{0};

  static action send(std::string bytes) { return make(kind::send, std::move(bytes), 0, {}); }
  static action receive(std::chrono::milliseconds timeout) { return make(kind::receive, {}, 0, timeout); }
  static action pause(std::chrono::milliseconds d) { return make(kind::pause, {}, 0, d); }
  static action set_baud(int baud) { return make(kind::set_baud, {}, baud, {}); }
  static action of(kind k) { return make(k, {}, 0, {}); }

  friend bool operator==(const action&, const action&) = default;

private:
  static action make(kind k, std::string bytes, int baud, std::chrono::milliseconds d) {
    action a;
    a.what = k;
    a.bytes = std::move(bytes);
    a.baud = baud;
    a.duration = d;
    return a;
  }
};

/// A register read (R1) or write (W1); `address` as the meter names it ("200700FF").
struct request {
  enum class kind : std::uint8_t { read, write };
  kind what = kind::read;
  std::string address;
  std::string value; ///< for writes

  static request read(std::string address) { return {kind::read, std::move(address), {}}; }
  static request write(std::string address, std::string value) {
    return {kind::write, std::move(address), std::move(value)};
  }
};

/// The answer to one request: the meter's data set (a write's is empty), or why there is none.
struct request_outcome {
  iec61107::request request;
  caf::expected<data_set_value> reply;
};

class session {
public:
  session(session_settings settings, std::vector<request> requests);

  /// The first actions: set the rate, sign on, wait for the identification.
  std::vector<action> start();
  /// Bytes from the meter. An empty answer means "keep waiting until the current deadline".
  std::vector<action> on_bytes(std::string_view bytes);
  /// The current receive deadline elapsed.
  std::vector<action> on_timeout();
  /// keep_open: more requests after an `idle` action.
  std::vector<action> submit(std::vector<request> more);
  /// keep_open: end the session after an `idle` action.
  std::vector<action> close();

  const std::optional<identification>& ident() const noexcept { return ident_; }
  const std::vector<request_outcome>& outcomes() const noexcept { return outcomes_; }
  /// The readout-mode data block.
  const std::vector<data_set_value>& readout() const noexcept { return readout_; }
  /// Why the session stopped early; empty when it ran to its end (single requests may still have failed).
  const caf::error& failure() const noexcept { return failure_; }
  bool finished() const noexcept { return state_ == state::finished; }

private:
  enum class state { before_start, ident, password_request, password_ack, reply, readout, idle, finished };

  std::vector<action> sign_on();
  std::vector<action> retry_sign_on(caf::error why);
  std::vector<action> option_select(const identification& id);
  std::vector<action> handle(caf::expected<message> m);
  std::vector<action> on_ident(caf::expected<message> m);
  std::vector<action> on_password_request(const message& m);
  std::vector<action> on_password_ack(const message& m);
  std::vector<action> on_reply(caf::expected<message> m);
  std::vector<action> on_readout(caf::expected<message> m);
  std::vector<action> send_next();
  std::vector<action> send_current();
  std::vector<action> record(caf::expected<data_set_value> reply);
  std::vector<action> end(caf::error why = {});
  std::vector<action> send_and_receive(std::string bytes);

  session_settings settings_;
  std::deque<request> queue_;
  message_reader reader_;
  state state_ = state::before_start;
  int sign_on_attempt_ = 0;
  int request_attempt_ = 0;
  bool extended_ = false;
  std::optional<identification> ident_;
  std::vector<request_outcome> outcomes_;
  std::vector<data_set_value> readout_;
  std::string block_; ///< readout blocks received so far
  caf::error failure_;
};

} // namespace meterhub::iec61107

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/iec61107/message_reader.hpp"
#include "simulated_meter.hpp"

/// The meters on one line answering the reading side, one parsed message at a time: the imitator's protocol logic,
/// pure and byte-exact (specs/iec61107-neva.md §2). The I/O loop feeds it what a message_reader in role `meter` cut
/// out of the line and sends back what it returns.
namespace meterhub::iec61107sim {

/// Where one conversation on the line stands. One per connection: several TCP clients talk to the same meters, each
/// in its own session.
struct session_state {
  enum class phase : std::uint8_t {
    idle,        ///< no session: only a sign-on is heard
    identified,  ///< identification sent, waiting for the option select
    password,    ///< P0 sent, waiting for P1
    programming, ///< password accepted: R1, W1, B0
  };
  phase at = phase::idle;
  std::size_t meter = 0;        ///< index of the meter that answered the sign-on
  std::string last_reply;       ///< what a NAK repeats
  local_seconds last_message = 0; ///< host time of the last message, for the inactivity timeout
};

struct model_settings {
  std::string ident = "TPC5NEVAMT324.2303"; ///< the identification without "/" and CR LF; its 4th character is Z
  bool optical = false;                     ///< the option select's Z switches the rate (a logged decision)
  local_seconds session_timeout = 120;      ///< seconds of silence after which a meter leaves the session
};

/// What to do about one message.
struct reply {
  std::string bytes;       ///< to send; empty = stay silent
  std::optional<int> baud; ///< optical: continue at this rate once the bytes are out
  std::string event;       ///< what happened, for the log; empty = nothing worth a line
  bool routine = false;    ///< a read: log at debug level, not info
};

class meter_model {
public:
  meter_model(model_settings settings, std::vector<simulated_meter> meters);

  /// Answers one message (or a reader error: a bad BCC is answered with NAK inside a session) at host time
  /// `host_now` (local seconds), advancing `session`.
  reply answer(session_state& session, const caf::expected<iec61107::message>& in, local_seconds host_now);

  /// The meters on the line, in --meter order.
  std::vector<simulated_meter>& meters() noexcept { return meters_; }
  const model_settings& settings() const noexcept { return settings_; }

private:
  reply on_sign_on(session_state& s, const std::string& address);
  reply on_option_select(session_state& s, const iec61107::message& m, local_seconds now);
  reply on_command(session_state& s, const iec61107::message& m, local_seconds now);
  reply on_password(session_state& s, const std::string& data);
  reply on_read(session_state& s, const std::string& data, local_seconds now);
  reply on_write(session_state& s, const std::string& data, local_seconds now);
  reply readout(const simulated_meter& meter, local_seconds now) const;
  std::string who(const session_state& s) const;

  model_settings settings_;
  std::vector<simulated_meter> meters_;
};

/// STX data ETX BCC: a read reply "1F0700FF(4.123)" or an error reply "(01)".
std::string data_reply(std::string_view data);
/// The error reply "(0n)".
std::string error_reply(int code);
/// What a meter answers a rejected password with: the single byte 0x07 (wb-mqtt-serial's test treats it as
/// failure; the spec allows anything but ACK).
inline constexpr char password_rejected = 0x07;

} // namespace meterhub::iec61107sim

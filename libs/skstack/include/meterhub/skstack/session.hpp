#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <caf/error.hpp>

#include "meterhub/skstack/address.hpp"
#include "meterhub/skstack/command.hpp"
#include "meterhub/skstack/error.hpp"
#include "meterhub/skstack/message.hpp"
#include "meterhub/skstack/model.hpp"

/// The Route-B session with the module as a pure state machine (spec §2, §4): the caller feeds parsed messages,
/// timer expiries and ECHONET frames to send, with a monotonic `now` in ms, and carries out the actions it gets
/// back. No I/O, no clock: every path is a unit test.
namespace meterhub::skstack {

/// Where the session is; reported through `state_changed` whenever it changes.
enum class session_state : std::uint8_t {
  idle,              ///< not started, or ended by `stop`
  resetting,         ///< SKRESET, Route-B ID, password, registers
  scanning,          ///< active scan for the meter's PAN
  joining,           ///< SKLL64, S2 / S3, SKJOIN and waiting for EVENT 25
  joined,            ///< both gates open: frames go out
  reauthenticating,  ///< EVENT 29 until EVENT 25: frames queue
  transmit_limited,  ///< EVENT 32 until EVENT 33: frames queue
  lost,              ///< the session or the module went away; a rejoin or restart follows
};

/// The name of a state ("transmit_limited"), for logs and metrics.
const char* to_string(session_state state) noexcept;

/// What the caller saves so that a restart rejoins without scanning (a scan takes 17 s to over a minute).
struct pan_cache {
  std::uint8_t channel = 0;
  std::uint16_t pan_id = 0;
  std::uint64_t mac = 0;
  ipv6_address address; ///< the meter's link-local address (SKLL64 of `mac`)

  friend bool operator==(const pan_cache&, const pan_cache&) = default;
};

/// Settings of one session. Defaults follow spec §2, §4 and MOM.
struct session_config {
  module_model model = module_model::bp35a1;
  std::string route_b_id;                  ///< 32 characters
  std::string password;                    ///< 1…32 characters
  std::optional<std::uint64_t> meter_mac;  ///< join only this PAN coordinator; else the strongest LQI
  std::uint8_t first_scan_duration = 4;    ///< D of the first SKSCAN, +1 per empty scan …
  std::uint8_t max_scan_duration = 8;      ///< … up to this, where it stays until a PAN is found
  std::uint8_t scan_channels = 28;         ///< channels 33…60, for the scan's deadline
  std::uint32_t command_timeout_ms = 5000; ///< OK / FAIL / SKLL64 answer and EVENT 21 after SKSENDTO
  std::uint32_t join_timeout_ms = 30000;   ///< SKJOIN's OK until EVENT 24 / 25
  std::uint8_t max_join_attempts = 3;      ///< SKJOIN tries per join (MOM: 3)
  std::uint32_t reauth_timeout_ms = 60000; ///< EVENT 29 until EVENT 25, else the session is lost
  std::uint32_t restart_delay_ms = 10000;  ///< after a failed setup, before SKRESET again
  std::uint32_t send_retry_delay_ms = 5000;///< after EVENT 21 PARAM 01 (MOM: 5 s)
  std::uint8_t max_send_attempts = 3;      ///< transmissions of one frame with both gates open
  std::uint8_t max_timeouts = 3;           ///< consecutive send timeouts that mean the session is lost
  std::uint8_t security = 2;               ///< SKSENDTO SEC (MOM: 2; MAN's example: 1)
  std::size_t queue_limit = 64;            ///< frames held while a gate is closed; the oldest is dropped past it
};

/// Write these bytes to the module.
struct send_command {
  bytes data;
};

/// Call `on_timer(id, now)` at `due_ms`. Only the latest timer counts: an older id is ignored when it fires.
struct start_timer {
  std::uint64_t id = 0;
  std::uint64_t due_ms = 0;
};

/// An ECHONET Lite datagram from the meter (ports 0E1A both, sender = the meter, side 0 on BP35C2).
struct deliver_frame {
  udp_datagram datagram;
};

/// The session moved to `state`.
struct state_changed {
  session_state state = session_state::idle;
};

/// Save this (or forget the saved one, when empty) for the next start.
struct cache_changed {
  std::optional<pan_cache> cache;
};

/// Something went wrong that the actor should log and count; the session already reacted to it.
struct report_error {
  caf::error error;
};

/// An ECHONET frame the session gave up on (queue full or its last transmission failed).
struct frame_dropped {
  bytes payload;
  caf::error reason;
};

/// One thing for the caller to do.
using action = std::variant<send_command, start_timer, deliver_frame, state_changed, cache_changed, report_error,
                            frame_dropped>;

/// The actions of one step, in order.
using actions = std::vector<action>;

/// The session. One command is outstanding at a time; asynchronous lines are taken in any state.
class session {
public:
  /// With a `cache`, a start sets S2 / S3 and joins without scanning; if that join fails, it forgets the cache and
  /// scans.
  explicit session(session_config config, std::optional<pan_cache> cache = std::nullopt);

  /// Starts from SKRESET.
  actions start(std::uint64_t now);

  /// Ends the PANA session (SKTERM) and goes idle on EVENT 27 / 28 or a timeout.
  actions stop(std::uint64_t now);

  /// One message from the reader.
  actions on_message(const message& msg, std::uint64_t now);

  /// A timer started by `start_timer` fired.
  actions on_timer(std::uint64_t id, std::uint64_t now);

  /// Sends an ECHONET Lite frame to the meter now, or queues it while the session is not joined or a gate is
  /// closed. Queued frames go out in order once the session is back.
  actions send(bytes payload, std::uint64_t now);

  /// The current state.
  session_state state() const noexcept {
    return state_;
  }

  /// The PAN joined or about to be joined.
  const std::optional<pan_cache>& cache() const noexcept {
    return cache_;
  }

  /// Frames waiting to go out (the one in flight not counted).
  std::size_t queued() const noexcept {
    return queue_.size();
  }

  /// The SKSCAN duration the next scan uses.
  std::uint8_t scan_duration() const noexcept {
    return scan_duration_;
  }

private:
  /// The command whose answer the session waits for.
  enum class step : std::uint8_t {
    none, reset, set_rbid, set_password, set_sa2, scan, ll64, set_channel, set_pan, join, send_to, terminate
  };

  /// What the one timer is for.
  enum class timer_purpose : std::uint8_t {
    none, command, scan, join, reauth, send_result, send_retry, restart, terminate
  };

  /// The frame between SKSENDTO and its EVENT 21 + OK.
  struct in_flight {
    bytes payload;
    std::uint8_t attempts = 0;
    bool ok_seen = false;
    bool outcome_seen = false;
  };

  // session.cpp: dispatch, timers, state
  void set_state(session_state next);
  void arm(timer_purpose purpose, std::uint32_t delay_ms);
  void disarm();
  void issue(step what, bytes command);
  void fail(skstack_errc code, std::string detail);
  void on_ok(const ok_reply& reply);
  void on_fail(const fail_reply& reply);
  void on_event(const event& ev);
  void session_ended(std::uint8_t number);
  void gate_event(event_code code);
  void on_datagram(const udp_datagram& datagram);
  void on_timeout(timer_purpose purpose);
  session_state link_state() const;
  bool in_session() const;

  // session_join.cpp: reset, scan, join
  void restart();
  void advance_setup(step done);
  void begin_scan();
  void scan_finished();
  void after_setup();
  void begin_join();
  void send_join();
  void join_failed(std::string why);
  void joined();
  void rejoin(std::string why);

  // session_send.cpp: the queue and the gates
  bool gates_open() const;
  void pump();
  void transmit();
  void send_outcome(std::uint8_t param);
  void finish_frame();
  void requeue(bool counts);
  void reopen_gates();
  void send_timed_out();

  session_config config_;
  std::optional<pan_cache> cache_;
  std::optional<pan_cache> candidate_;
  bool using_saved_cache_ = false;
  session_state state_ = session_state::idle;
  step pending_ = step::none;
  timer_purpose timer_ = timer_purpose::none;
  std::uint64_t timer_id_ = 0;
  std::uint64_t now_ = 0;
  std::uint8_t scan_duration_;
  std::vector<pan_descriptor> heard_;
  std::uint8_t join_attempts_ = 0;
  bool session_gate_ = false;
  bool rate_gate_ = true;
  bool retry_wait_ = false;
  std::uint8_t timeouts_ = 0;
  std::deque<in_flight> queue_;
  std::optional<in_flight> flight_;
  actions out_;
};

} // namespace meterhub::skstack

#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "command_reader.hpp"
#include "faults.hpp"
#include "meter.hpp"
#include "meterhub/skstack/address.hpp"
#include "meterhub/skstack/model.hpp"

/// The simulated ROHM Wi-SUN module (BP35A1 / BP35C2, SKSTACK-IP) with the meter behind its radio: bytes from the
/// client in, lines out, as spec §1–§4 and §9 say existing clients expect them. Pure: host time (UTC ms) comes in
/// as an argument, and what happens later (scan results, the join, the meter's answer) is a scheduled action that
/// `tick` runs once its time has come.
namespace meterhub::echonet_sim {

/// What the command line sets about the module and the radio link.
struct module_options {
  skstack::module_model model = skstack::module_model::bp35a1;
  std::uint64_t module_mac = 0x001C640000000001; ///< the module's own MAC (spec §3 example's destination)
  std::uint64_t meter_mac = 0x001D129012345678;
  std::uint8_t channel = 0x21;                   ///< the meter's channel (S2 value, 0x21…0x3C)
  std::uint16_t pan_id = 0x8888;
  std::uint8_t lqi = 0xE0;
  std::string pair_id = "12345678";              ///< 8 hex digits in the beacon
  std::string route_b_id = "00112233445566778899AABBCCDDEEFF";
  std::string password = "0123456789AB";
  skstack::data_format wopt = skstack::data_format::hex; ///< the flash setting at start
  bool ropt = true;              ///< false: old firmware, ROPT/WOPT answer FAIL ER04 and ERXUDP is always hex
  double scan_speed = 18;        ///< a scan takes 0.01 s × (2^D + 1) per channel divided by this (D=6: ~1 s)
  unsigned scan_min_duration = 4; ///< the meter's beacon is heard from this duration on
  bool meter_in_reach = true;    ///< false (--no-meter): scans hear nothing, joins fail
  std::int64_t reply_delay_ms = 50;
  std::int64_t reauth_every_ms = 0; ///< 0: never
  std::int64_t reauth_ms = 2000;    ///< EVENT 29 → EVENT 25
  std::int64_t txlimit_every_ms = 0; ///< 0: never
  std::int64_t txlimit_ms = 10'000;  ///< EVENT 32 → EVENT 33
  std::uint64_t seed = 1;            ///< fault rolls
};

/// How the meter ends a session on the control line `lose-session` (and the drop-session fault, which uses `peer`).
enum class session_loss : std::uint8_t {
  peer,   ///< EVENT 26: the meter asked to terminate
  timeout, ///< EVENT 28: the termination timed out, the session is gone
  silent, ///< no event at all: the meter just stops answering
};

enum class session_state : std::uint8_t { none, joining, joined, reauth, lost };
const char* to_string(session_state s) noexcept;

/// Counters for the status line.
struct module_counts {
  std::uint64_t commands = 0;
  std::uint64_t requests = 0;      ///< ECHONET frames that reached the meter
  std::uint64_t served = 0;        ///< answers sent
  std::uint64_t unanswered = 0;    ///< requests the meter left unanswered (faults, lost session, not for it)
  std::uint64_t failed_sends = 0;  ///< EVENT 21 … 01
  std::uint64_t notifications = 0; ///< INF pushed by the meter
  std::uint64_t joins = 0;
};

class module {
public:
  module(const module_options& options, meter& m, std::int64_t now);

  /// Bytes the client wrote, at `now` (runs what was due first).
  void feed(std::string_view bytes, std::int64_t now);
  /// Runs what is due at `now`: scheduled actions, the session schedule, the meter clock and its INF pushes.
  void tick(std::int64_t now);
  /// The lines written since the last call, each to go out in one write, in order.
  std::vector<std::string> take_output();
  /// When `tick` has something to do next.
  std::int64_t next_wakeup() const;

  // control lines (they act at `now`; the lines they cause come out of take_output)
  bool start_reauth(std::int64_t now);
  void set_txlimit(bool on, std::int64_t now);
  bool lose_session(session_loss how, std::int64_t now);
  /// Jumps the meter clock forward by `ms` (integrating the load) and pushes EA/EB when a boundary was passed.
  void advance_meter(std::int64_t ms, std::int64_t now);
  fault_plan& faults() noexcept { return faults_; }
  const fault_plan& faults() const noexcept { return faults_; }

  session_state state() const noexcept { return state_; }
  bool txlimited() const noexcept { return txlimited_; }
  skstack::data_format data_mode() const noexcept { return opt_.ropt ? wopt_ : skstack::data_format::hex; }
  const module_counts& counts() const noexcept { return counts_; }
  /// The meter's link-local address as SKLL64 prints it.
  const std::string& meter_address() const noexcept { return meter_text_; }

private:
  using action = std::function<void(std::int64_t)>;

  void command(const command_input& in, std::int64_t now);
  void dispatch(const std::string& word, const std::vector<std::string>& args, std::int64_t now);
  void simple_command(const std::string& word, const std::vector<std::string>& args);
  void option_command(const std::string& word, const std::vector<std::string>& args);
  void set_register(const std::vector<std::string>& args);
  void reset();
  void scan(const std::vector<std::string>& args, std::int64_t now);
  void beacon();
  void join(const std::vector<std::string>& args, std::int64_t now);
  void finish_join(bool accepted, std::int64_t now);
  void terminate(std::int64_t now);
  void send_to(const command_input& in, const std::vector<std::string>& args, std::int64_t now);
  void deliver(const std::vector<std::uint8_t>& payload, std::int64_t now);
  void end_session(session_loss how);
  void run_schedule(std::int64_t now);
  void push_fixed_time();

  void at(std::int64_t when, action a);
  void emit(std::string line, bool cr_only = false);
  void fail(int code, bool cr_only = false);
  void event(unsigned number, const std::string& sender, std::optional<unsigned> param = std::nullopt);
  void udp(const std::string& destination, std::uint16_t port, bool secured, const std::vector<std::uint8_t>& data);

  module_options opt_;
  meter& meter_;
  std::mt19937_64 rng_;
  fault_plan faults_;
  command_reader reader_;
  std::string meter_text_;  ///< FE80:… of the meter
  std::string module_text_; ///< FE80:… of the module
  std::multimap<std::int64_t, action> actions_; ///< equal times run in insertion order
  std::vector<std::string> out_;
  std::uint64_t generation_ = 0; ///< SKRESET bumps it: actions of an older generation do nothing
  module_counts counts_;

  // registers (MAN 4.1.1) and the flash setting
  bool echo_ = true;
  bool sa2_ = false;
  std::uint8_t s2_ = 0x21;
  std::uint16_t s3_ = 0xFFFF;
  std::uint32_t s16_ = 0x384;
  bool s17_ = true;
  skstack::data_format wopt_;
  std::string rbid_, password_;

  // the session and the schedules
  bool scanning_ = false;
  session_state state_ = session_state::none;
  std::int64_t next_reauth_ = 0; ///< 0: none planned
  std::int64_t reauth_until_ = 0;
  bool txlimited_ = false;
  bool txlimit_manual_ = false;
  std::int64_t next_txlimit_ = 0; ///< next EVENT 32 of the schedule, 0: none
  std::int64_t txlimit_until_ = 0;
  std::int64_t last_tick_ = 0;
  std::uint16_t meter_tid_ = 0; ///< TIDs of the meter's own notifications
};

} // namespace meterhub::echonet_sim

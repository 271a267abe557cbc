#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

/// What goes wrong on real meter lines, switchable at start (--fault) and at run time (control lines on stdin,
/// SIGUSR1). Pure: the caller owns the random generator, so tests replay a seed.
namespace meterhub::iec61107sim {

enum class fault_kind : std::uint8_t {
  silence, ///< the meter does not answer
  bad_bcc, ///< the reply's block check character is wrong (replies without one are sent intact)
  slow,    ///< the reply comes after the slow delay, beyond the 2 s reply timeout of §8
  drop,    ///< the connection is closed instead of answering (on a pty: the session is forgotten)
};

inline constexpr std::size_t fault_kind_count = 4;

/// Chance in percent of each fault for every reply the meter would send.
struct fault_plan {
  std::array<int, fault_kind_count> percent{};

  /// "silence", "bad-bcc:20", "slow:50", "drop:5" (no percent = 100; 0 switches it off); false when malformed.
  bool set(std::string_view spec);
  void clear() noexcept { percent = {}; }
  /// "silence:100 bad-bcc:20", or "none".
  std::string describe() const;
};

/// The fault's name on the command line.
const char* to_string(fault_kind kind) noexcept;

/// One reply after the faults: what to send, when, or whether to hang up instead.
struct faulted_reply {
  std::string bytes;                 ///< empty: say nothing
  std::chrono::milliseconds delay{0}; ///< wait this long before sending
  bool drop = false;                 ///< close the connection instead
  std::string fault;                 ///< names of the faults applied, for the log; empty when none
};

/// Rolls each fault once for `bytes`: drop wins over silence, silence over the rest; slow and bad BCC combine.
faulted_reply apply_faults(const fault_plan& plan, std::string bytes, std::mt19937_64& rng,
                           std::chrono::milliseconds slow_delay);

} // namespace meterhub::iec61107sim

namespace meterhub::iec61107sim {

/// Carries out one control line (stdin): "fault KIND[:PERCENT]" sets a fault, "clear" switches all off, "faults"
/// only reports. Returns the answer to print: the plan after the command, or what was wrong with the line.
std::string run_control_line(fault_plan& plan, std::string_view line);

} // namespace meterhub::iec61107sim

#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "random.hpp"

/// What goes wrong on real field-bus lines, per device or per line, with a chance in percent, switchable at start
/// (--fault) and at run time (control lines on stdin, SIGUSR1). Pure: the caller owns the random source, so a test
/// replays a seed.
namespace meterhub::modbus_sim {

enum class fault_kind : std::uint8_t {
  silence,   ///< no answer
  bad_crc,   ///< RTU: the reply's CRC flipped (Modbus TCP has no CRC: the fault does nothing there)
  exception, ///< a Modbus exception (Mercury: a status reply) with the rule's code instead of the answer
  slow,      ///< the answer comes after the slow delay
  drop,      ///< TCP: the connection is closed instead of answering (a pty has nothing to close: silence)
  garble,    ///< one byte of the reply changed, its CRC left as it was
};
inline constexpr std::size_t fault_kind_count = 6;

/// The fault's name on the command line ("bad-crc").
const char* to_string(fault_kind kind) noexcept;

/// Which devices a rule is for: everything, one unit (or Mercury address) on every line, one unit on one line, or
/// every device of one line. Text: "all", "7", "7@tcp1", "@pty1".
struct fault_target {
  std::string line;                ///< empty: every line
  std::optional<std::uint8_t> unit; ///< empty: every device

  static std::optional<fault_target> parse(std::string_view text);
  std::string to_string() const;
  /// More specific targets win: a device on a line (3) over a unit everywhere (2) over a line (1) over all (0).
  int rank() const noexcept { return (unit ? 2 : 0) + (line.empty() ? 0 : 1); }
  bool matches(std::string_view on_line, std::uint8_t on_unit) const noexcept;
  friend bool operator==(const fault_target&, const fault_target&) = default;
};

/// One rule: `percent` of the answers of the target get the fault.
struct fault_rule {
  fault_target target;
  fault_kind kind = fault_kind::silence;
  int percent = 100;
  std::uint8_t code = 4; ///< exception: the exception code (Mercury: the status)
};

/// The chance of each fault for one device after the rules: the most specific rule of each kind counts.
struct fault_mix {
  std::array<int, fault_kind_count> percent{};
  std::uint8_t exception_code = 4;

  bool any() const noexcept;
};

/// Every rule in force.
class fault_plan {
public:
  /// Sets a rule from "KIND[:PERCENT]" or "exception:CODE[:PERCENT]" (no percent = 100, 0 removes it); false
  /// when malformed.
  bool set(const fault_target& target, std::string_view spec);
  /// "[TARGET=]KIND[:PERCENT]", the --fault option.
  bool set(std::string_view option);
  void clear() noexcept { rules_.clear(); }
  /// The mix for a device; `silenced` (SIGUSR1) makes every device silent.
  fault_mix mix_for(std::string_view line, std::uint8_t unit, bool silenced = false) const;
  /// "all=slow:10 7@tcp1=exception:2:50", or "none".
  std::string describe() const;
  const std::vector<fault_rule>& rules() const noexcept { return rules_; }

private:
  std::vector<fault_rule> rules_;
};

/// What the roll decided for one answer.
struct fault_decision {
  bool drop = false, silence = false, exception = false, slow = false, bad_crc = false, garble = false;
  std::uint8_t exception_code = 0;

  bool any() const noexcept { return drop || silence || exception || slow || bad_crc || garble; }
  /// "exception:2 slow", for the log.
  std::string describe() const;
};

/// Rolls every fault once (so one fault's setting never shifts another's random sequence): drop wins over
/// silence, silence over the rest; an exception replaces the answer and may still be slow, garbled or bad.
fault_decision roll(const fault_mix& mix, random_source& rng);

/// The corruptions of a decided answer on its frame: `bad_crc` flips the low CRC byte (RTU frames only),
/// `garble` changes one byte before the CRC (RTU) or after the MBAP header (TCP, which has no CRC to catch it).
void corrupt(std::vector<std::uint8_t>& frame, const fault_decision& d, bool rtu, random_source& rng);

} // namespace meterhub::modbus_sim

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

/// What goes wrong on a real Route-B link, each with a chance in percent, set with --fault at start and with control
/// lines at run time. Pure: the caller owns the random source, so a test replays a seed.
namespace meterhub::echonet_sim {

enum class fault_kind : std::uint8_t {
  silence,      ///< the meter does not answer an ECHONET request (the module still reports EVENT 21 00)
  garble,       ///< one character of an outgoing line is damaged
  drop_session, ///< the meter ends the PANA session instead of answering (EVENT 26)
  fail_send,    ///< the module cannot send (EVENT 21 … 01), the frame never reaches the meter
};
inline constexpr std::size_t fault_kind_count = 4;

/// The fault's name on the command line ("drop-session").
const char* to_string(fault_kind kind) noexcept;

/// The chance of every fault.
class fault_plan {
public:
  /// "KIND[:PERCENT]" (no percent = 100, 0 removes the fault); false when malformed.
  bool set(std::string_view spec);
  void clear() noexcept { percent_.fill(0); }
  int percent(fault_kind kind) const noexcept { return percent_[static_cast<std::size_t>(kind)]; }
  /// True with the fault's chance.
  bool roll(fault_kind kind, std::mt19937_64& rng) const;
  /// "silence:10 garble:100", or "none".
  std::string describe() const;

private:
  std::array<int, fault_kind_count> percent_{};
};

/// `line` with one character, chosen by `rng`, replaced by another (never the CR LF or CR that ends it), so a
/// reader sees a line of the right length with a wrong byte.
std::string garble_line(std::string line, std::mt19937_64& rng);

} // namespace meterhub::echonet_sim

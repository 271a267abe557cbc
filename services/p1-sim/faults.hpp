#pragma once

#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace meterhub::p1sim {

/// What goes wrong on real P1 installations, each with a probability per telegram.
struct fault_plan {
  double bad_crc = 0;      ///< a flipped CRC digit
  double truncate = 0;     ///< the telegram cut mid-line (no end line)
  double garbage = 0;      ///< junk bytes before the telegram
  int silence_after = -1;  ///< go quiet after this many telegrams ...
  int silence_seconds = 0; ///< ... for this long

  /// Adds one "--fault" item: "bad-crc:0.1", "truncate:0.05", "garbage:0.2", "silence:30@10".
  bool add(std::string_view spec);
};

/// The fault applied to one telegram ("" = none) and the bytes to send.
struct faulted_frame {
  std::string fault;
  std::string bytes;
  bool valid = true; ///< false when the meter's reader must reject it
};

/// Applies at most one of the plan's frame faults to a finished telegram.
faulted_frame apply_faults(const fault_plan& plan, std::string telegram, std::mt19937_64& rng);

} // namespace meterhub::p1sim

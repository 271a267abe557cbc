#pragma once

#include <string>
#include <string_view>

#include "faults.hpp"

/// The control lines people and tests type into a running simulator (--control-stdin), one per line:
///   fault TARGET KIND[:PERCENT]   a fault for a device or line (TARGET: all, 7, 7@tcp1, @pty1; KIND: silence,
///                                 bad-crc, exception:N, slow, drop, garble; no percent = 100, 0 = off)
///   fault KIND[:PERCENT]          the same for every device
///   clear                         every fault off
///   faults                        show the plan
/// Pure: the answer to print comes back as text.
namespace meterhub::modbus_sim {

/// Carries out `line` on `plan`; returns "faults: …" (the plan after the command, plus a note while SIGUSR1's
/// silence is on) or "error: …" saying what was wrong with the line.
std::string run_control_line(fault_plan& plan, std::string_view line, bool silenced);

} // namespace meterhub::modbus_sim

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "module.hpp"

/// The control lines read from stdin with --control-stdin (README "Control lines"): each acts on the module at
/// `now` and returns the one line to print on stdout ("ok …" or "error …").
namespace meterhub::echonet_sim {

std::string run_control_line(module& m, const meter& mt, std::string_view line, std::int64_t now);

/// The answer to `status`: "status clock=<UTC ISO-8601> jst=<YYYY-MM-DDThh:mm:ss> import=… export=… power=… session=… txlimit=… wopt=… commands=…
/// requests=… served=… unanswered=… failed-sends=… notifications=… joins=… faults=…".
std::string status_line(const module& m, const meter& mt);

} // namespace meterhub::echonet_sim

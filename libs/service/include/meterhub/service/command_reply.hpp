#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "meterhub/bus/bus.hpp"
#include "meterhub/v1/command.pb.h"

namespace meterhub::service {

/// Carries out `cmd` for `device` into `result`; false when no device of that id is on this line.
using carry_out_fn = std::function<bool(const std::string& device, const v1::Command& cmd, v1::CommandResult& result)>;

/// The envelope every adapter's line puts around a command from the bus, so that each adapter only writes what its
/// protocol does: `msg` is parsed as a v1::Command (one that is not is REJECTED), the device is the topic's last
/// level, a device not on this line is UNREACHABLE ("no {what} {device} on this line"), and the result goes to the
/// message's response topic when it has one (a fire-and-forget command is carried out all the same).
void answer_command(const bus::bus_actor& bus, const bus::bus_message& msg, std::string_view what,
                    const carry_out_fn& carry_out);

} // namespace meterhub::service

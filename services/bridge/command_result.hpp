#pragma once

#include <string>

namespace meterhub::bridge {

/// The encoded meterhub.v1.CommandResult for a command whose adapter never answered: TIMEOUT when `late`, else
/// UNREACHABLE (the bus was away), with `why` as its message. It goes through the same answer path as a real
/// result, so a plain-MQTT client always hears back.
std::string failed_result(const std::string& id, const std::string& device, bool late, const std::string& why);

} // namespace meterhub::bridge

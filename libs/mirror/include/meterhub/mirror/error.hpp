#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::mirror {

/// Why the mirror refused something: settings at start, bytes from the bus, a command from plain MQTT, a state
/// file. Everything here comes from configuration or from whoever may publish on the broker, so it is answered with
/// one of these and never thrown.
enum class mirror_errc : std::uint8_t {
  bad_settings = 1,     ///< a setting the mirror cannot work with; the detail names the key
  invalid_device,       ///< a device id outside [a-z0-9][a-z0-9_.-]*
  malformed_state,      ///< bytes on {bus}/v1/state/{device} that are not a meterhub.v1.DeviceState
  malformed_alert,      ///< bytes on {bus}/v1/alerts/{device} that are not a meterhub.v1.Alert with a state
  malformed_result,     ///< an answer that is not a meterhub.v1.CommandResult
  not_a_command_topic,  ///< not {prefix}/{device}/set/{target}: ignored, never answered
  commands_disabled,    ///< commands from plain MQTT are off (commands.enabled)
  device_not_allowed,   ///< the device is not mirrored or no command rule lists it
  target_not_allowed,   ///< no command rule for this device lists the target
  kind_not_allowed,     ///< the rules that list device and target do not allow this kind
  malformed_command,    ///< the payload is not a command this mirror understands
  unknown_command,      ///< a result for a command id this mirror did not send (or forgot)
  bad_registry,         ///< a saved discovery registry that cannot be read back
};

/// The code's name ("target_not_allowed"), as the error's context starts with it.
const char* to_string(mirror_errc code) noexcept;

} // namespace meterhub::mirror

CAF_ERROR_CODE_ENUM(meterhub::mirror::mirror_errc, "mirror")

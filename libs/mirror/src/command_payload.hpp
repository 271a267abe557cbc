#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/mirror/settings.hpp"

namespace meterhub::mirror::detail {

/// The payload of a command from plain MQTT, parsed but not yet checked against the target or the policy.
struct command_payload {
  std::optional<command_kind> kind;
  std::optional<std::string> value;
  std::optional<std::string> address;
  std::string id;
  std::vector<std::string> quantities;
  std::optional<std::int64_t> time_ms;
  std::optional<std::uint32_t> timeout_ms;
  std::map<std::string, std::string> args;
};

/// Parses the payload forms of command.hpp; an error (malformed_command) names the key and the reason.
caf::expected<command_payload> parse_payload(std::string_view payload, std::uint32_t max_timeout_ms);

} // namespace meterhub::mirror::detail

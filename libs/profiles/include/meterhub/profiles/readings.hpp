#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/modbus/planner.hpp"
#include "meterhub/modbus/value.hpp"
#include "meterhub/profiles/counters.hpp"
#include "meterhub/profiles/profile.hpp"

/// From register blocks to readings: what one poll of a group brought back (the replies to `plan_group`'s
/// requests), decoded register by register with the profile's types, scales and quantities. Pure: no clock (the
/// caller gives the time), no I/O, no logging; a register that cannot be decoded is reported, never guessed.
namespace meterhub::profiles {

/// What one read request brought back: its registers in address order (for coils and discrete inputs one element
/// per bit, 0 or 1), or the error the request failed with (a Modbus exception, a timeout).
using request_reply = caf::expected<std::vector<std::uint16_t>>;

/// A register of the group that produced no reading, and why.
struct register_failure {
  std::size_t register_index = 0; ///< into profile::registers
  caf::error error;               ///< the request's own error, or `bad_value` with the register's name
};

/// One poll of one group.
struct group_readings {
  std::vector<meterhub::reading> readings;
  std::vector<register_failure> failures;
};

/// Decodes the replies of `requests` (as `plan_group(p, g, unit)` returned them, `replies[i]` answering
/// `requests[i]`) into the readings of group `g`, at `time_ms`. Each value is decoded, unwrapped through `counters`
/// when it is a wrapping counter and `counters` is given, scaled (fixed scale, or × 10^sf from its scale register)
/// and published under its quantity and SI unit; a negative value of a register with a `negative_quantity` goes
/// there as its magnitude. Registers without a quantity are read but not published. A register whose request
/// failed, whose value does not decode (NaN, bad BCD, a short reply) or whose scale register failed is a failure,
/// not a reading. Fewer replies than requests: the missing ones count as failed.
group_readings to_readings(const profile& p, const poll_group& g, std::span<const modbus::read_request> requests,
                           std::span<const request_reply> replies, std::int64_t time_ms,
                           counter_tracker* counters = nullptr);

/// The decoded value as identification rules compare it: integers in decimal, floats as the shortest text that
/// reads back the same, strings as they are.
std::string to_text(const modbus::raw_value& value);

/// True when `value` satisfies `rule` (equals one of its alternatives as text).
bool matches(const identify_rule& rule, const modbus::raw_value& value);

} // namespace meterhub::profiles

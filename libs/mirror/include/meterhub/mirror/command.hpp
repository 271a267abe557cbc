#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/mirror/message.hpp"
#include "meterhub/mirror/settings.hpp"
#include "meterhub/mirror/topics.hpp"

/// Commands from plain MQTT. A node-red flow or a shell publishes JSON on `{prefix}/{device}/set/{target}` and
/// reads the answer on `{prefix}/{device}/set/{target}/result`.
///
/// The target (one topic level) is a readable name the device published (`energy_import_wh`, `network_timeout`),
/// a quantity (`1-0:1.8.0`, `x:di.3`), or the adapter's own address (a profile register name, `holding:100`, an
/// ECHONET EPC `E7`, a Neva OBIS `600100`). `poll`, `clock` and `archive` are targets too: they default the kind.
///
/// The payload, at most 4096 bytes:
/// - empty or `{}`: read the target (on `poll`: poll; `clock`: set the clock to now);
/// - a bare JSON number, string or boolean: write it (`12.5`, `"ON"`, `true` = "1");
/// - an object with any of: `kind` ("read", "write", "poll", "set_clock", "read_archive"; default: "write" when
///   there is a value, else as above), `value` (number, string or boolean), `address` (the adapter's address, when
///   it cannot be a topic level: "holding:100/f32/CDAB"), `quantities` (strings, for read), `time` (RFC 3339 or
///   unix ms, for set_clock and read_archive), `timeout_ms`, `id` (echoed in the answer), `args` (string or number
///   values). Unknown keys are refused, so a typo ("vaule") is not silently a read.
///
/// The bus Command: a target that is a quantity goes into `quantities` (a read then has no address, so the adapter
/// reads what it polls); any other target is the `address`; a write always has an address (the explicit one, else
/// the target as written).
namespace meterhub::mirror {

/// One command from plain MQTT, checked and authorised, in plain C++.
struct command_request {
  std::string device;
  std::string target;        ///< as in the topic
  std::string client_id;     ///< the payload's `id`, "" when none
  command_kind kind = command_kind::read;
  std::vector<std::string> quantities;
  std::string address;
  std::string value;
  std::int64_t time_ms = 0;
  std::uint32_t timeout_ms = 0;
  std::map<std::string, std::string> args;

  friend bool operator==(const command_request&, const command_request&) = default;
};

/// The quantity behind a readable name that a device published (the registry's `quantity_of`).
using name_lookup = std::function<std::optional<std::string>(std::string_view device, std::string_view name)>;

/// The quantity a target stands for, or nullopt when it is an address: first what `known` says the device
/// published, then OBIS or `x:` text, then the table and fallback names of quantity_names.hpp (not the guess that
/// any word is an `x:` name).
std::optional<std::string> target_quantity(std::string_view device, std::string_view target,
                                           const name_lookup& known);

/// Checks and authorises a command (see above and command_policy), in this order: commands enabled, device id,
/// device mirrored and listed by a rule, target listed for the device, payload, kind allowed. The error says which
/// step refused and why.
caf::expected<command_request> parse_command(const settings& s, const command_address& where,
                                             std::string_view payload, const name_lookup& known = {});

/// The serialised meterhub.v1.Command for the bus, with `bus_id` as its id (the answer comes back with it).
std::string encode_command(const command_request& request, std::string_view bus_id);

/// The payload's `id` when it is a JSON object with a string id, for answers to refused commands.
std::string client_id_of(std::string_view payload);

/// The answer to a refused command: {"id","device","target","status":"refused","reason","message"} on the
/// result topic, not retained.
message refusal_message(const settings& s, const topic_builder& topics, const command_address& where,
                        std::string_view client_id, const caf::error& why);

/// A decoded meterhub.v1.CommandResult.
struct command_answer {
  std::string id;
  std::string device;
  std::string status; ///< "ok", "rejected", "device_error", "timeout", "unreachable", "unspecified"
  std::string text;   ///< the adapter's message
  std::vector<reading> readings;
};

/// Parses an adapter's answer; an error (malformed_result) when it is not a CommandResult.
caf::expected<command_answer> decode_command_result(std::string_view bytes);

/// The answer on the result topic, not retained: {"id","command_id","device","target","status","message",
/// "readings":[wire::to_json...]}.
message result_message(const settings& s, const topic_builder& topics, const command_address& where,
                       std::string_view client_id, const command_answer& answer);

} // namespace meterhub::mirror

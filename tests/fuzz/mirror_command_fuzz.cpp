// libFuzzer target for what reaches the bridge's mirrors from outside: commands from plain MQTT (anyone who may
// publish on the mirror's broker), DeviceState, Alert and CommandResult bytes from the bus, and the saved registry.
// The first byte picks the input; commands are "topic\npayload". What passes must hold its promises: a command
// encodes to a Command with the same device and kind, every message has a topic MQTT can carry and a JSON payload
// where one is promised, and a registry that reads back writes back to the same registry.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "meterhub/core/text.hpp"
#include "meterhub/mirror/translator.hpp"
#include "meterhub/v1/command.pb.h"
#include "meterhub/v1/status.pb.h"

using namespace meterhub;
using namespace meterhub::mirror;

namespace {

settings open_settings() {
  settings s;
  s.commands.enabled = true;
  s.commands.rules = {{{"*"}, {"*"},
                       {command_kind::read, command_kind::write, command_kind::set_clock, command_kind::read_archive,
                        command_kind::poll}}};
  s.discovery.bridge_availability_topic = "meters/bridge/status";
  return s;
}

void check_messages(const std::vector<message>& out) {
  for (const auto& m : out) {
    if (m.topic.empty() || m.topic.find_first_of("+#") != std::string::npos || m.topic.find('\0') != std::string::npos)
      __builtin_trap(); // a topic no broker takes
    const bool plain = m.payload.empty() || m.payload == "online" || m.payload == "offline";
    if (!plain && nlohmann::json::parse(m.payload, nullptr, false).is_discarded())
      __builtin_trap(); // every other mirror payload here is JSON
  }
}

void fuzz_command(translator& t, std::string_view input) {
  const auto split = input.find('\n');
  const auto topic = input.substr(0, split);
  const auto payload = split == std::string_view::npos ? std::string_view{} : input.substr(split + 1);
  auto outcome = t.on_command("meters/" + std::string{topic}, payload);
  check_messages(outcome.replies);
  if (!outcome.command)
    return;
  v1::Command cmd;
  if (!cmd.ParseFromString(encode_command(*outcome.command, outcome.bus_id)) ||
      cmd.device() != outcome.command->device || cmd.kind() != static_cast<int>(outcome.command->kind) ||
      cmd.id() != outcome.bus_id)
    __builtin_trap();
  v1::CommandResult result;
  result.set_id(outcome.bus_id);
  result.set_device(cmd.device());
  result.set_message(as_utf8(payload)); // protobuf strings are UTF-8, or the answer does not parse
  auto answer = t.on_command_result(result.SerializeAsString());
  if (!answer)
    __builtin_trap(); // the command is waiting for exactly this answer
  check_messages({*answer});
}

void fuzz_registry(std::string_view text) {
  auto registry = discovery_registry::from_json(text);
  if (!registry)
    return;
  auto again = discovery_registry::from_json(registry->to_json());
  if (!again || !(*again == *registry))
    __builtin_trap();
  translator t{open_settings(), std::move(*registry)};
  check_messages(t.reconcile());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string_view input{reinterpret_cast<const char*>(data) + 1, size - 1};
  translator t{open_settings()};
  switch (data[0] % 5) {
    case 0:
      fuzz_command(t, input);
      break;
    case 1:
      if (auto out = t.on_state("p1-kitchen", input)) {
        check_messages(*out);
        if (auto removed = t.on_state("p1-kitchen", ""))
          check_messages(*removed);
      }
      break;
    case 2:
      if (auto out = t.on_alert("p1-kitchen", input))
        check_messages(*out);
      break;
    case 3:
      (void) t.on_command_result(input);
      break;
    case 4:
      fuzz_registry(input);
      break;
  }
  return 0;
}

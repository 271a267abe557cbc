#include "meterhub/service/command_reply.hpp"

#include <caf/send.hpp>

namespace meterhub::service {

void answer_command(const bus::bus_actor& bus, const bus::bus_message& msg, std::string_view what,
                    const carry_out_fn& carry_out) {
  v1::Command cmd;
  v1::CommandResult result;
  const auto device = msg.topic.substr(msg.topic.rfind('/') + 1);
  result.set_device(device);
  if (!cmd.ParseFromString(msg.payload)) {
    result.set_status(v1::COMMAND_STATUS_REJECTED);
    result.set_message("not a meterhub.v1.Command");
  } else {
    result.set_id(cmd.id());
    if (!carry_out(device, cmd, result)) {
      result.set_status(v1::COMMAND_STATUS_UNREACHABLE);
      result.set_message("no " + std::string{what} + " " + device + " on this line");
    }
  }
  if (!msg.response_topic.empty())
    caf::anon_send(bus, bus::reply_atom::value, msg.response_topic, msg.correlation, result.SerializeAsString());
}

} // namespace meterhub::service

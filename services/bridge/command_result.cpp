#include "command_result.hpp"

#include "meterhub/v1/command.pb.h"

namespace meterhub::bridge {

std::string failed_result(const std::string& id, const std::string& device, bool late, const std::string& why) {
  v1::CommandResult r;
  r.set_id(id);
  r.set_device(device);
  r.set_status(late ? v1::COMMAND_STATUS_TIMEOUT : v1::COMMAND_STATUS_UNREACHABLE);
  r.set_message(why);
  return r.SerializeAsString();
}

} // namespace meterhub::bridge

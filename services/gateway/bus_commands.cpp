#include "bus_commands.hpp"

#include <caf/scoped_actor.hpp>

#include "meterhub/bus/error.hpp"

namespace meterhub::gateway {

bus_commands::bus_commands(caf::actor_system& sys, bus::bus_actor bus, wire::topics topics)
  : sys_(sys), bus_(std::move(bus)), topics_(std::move(topics)) {
}

grpc::Status bus_commands::send(const v1::Command& command, v1::CommandResult& result) {
  const std::uint32_t timeout_ms = command.timeout_ms() > 0 ? command.timeout_ms() : 10'000;
  caf::scoped_actor self{sys_};
  grpc::Status status = grpc::Status::OK;
  result.set_id(command.id());
  result.set_device(command.device());
  self
    ->request(bus_, std::chrono::milliseconds(timeout_ms + 1000), bus::request_atom::value,
              topics_.command(command.device()), command.SerializeAsString(), timeout_ms)
    .receive(
      [&](const std::string& answer) {
        if (!result.ParseFromString(answer))
          status = {grpc::StatusCode::INTERNAL, "the adapter's answer is not a CommandResult"};
      },
      [&](const caf::error& err) {
        if (err == bus::bus_errc::not_connected) {
          status = {grpc::StatusCode::UNAVAILABLE, "the gateway has no broker connection"};
          return;
        }
        result.set_status(v1::COMMAND_STATUS_UNREACHABLE);
        result.set_message("no adapter answered for device '" + command.device() + "' within " +
                           std::to_string(timeout_ms) + " ms");
      });
  return status;
}

} // namespace meterhub::gateway

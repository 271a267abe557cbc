#pragma once

#include <caf/actor_system.hpp>

#include "gateway_service.hpp"
#include "meterhub/bus/bus.hpp"
#include "meterhub/wire/topics.hpp"

namespace meterhub::gateway {

/// Sends commands to adapters as MQTT v5 requests on `{prefix}/v1/cmd/{device}` and waits for the CommandResult
/// published on the response topic. No answer in time means no adapter owns the device or its line is down.
class bus_commands final : public command_channel {
public:
  bus_commands(caf::actor_system& sys, bus::bus_actor bus, wire::topics topics);
  grpc::Status send(const v1::Command& command, v1::CommandResult& result) override;

private:
  caf::actor_system& sys_;
  bus::bus_actor bus_;
  wire::topics topics_;
};

} // namespace meterhub::gateway

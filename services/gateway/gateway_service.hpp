#pragma once

#include <chrono>
#include <memory>

#include <grpcpp/grpcpp.h>

#include "live_hub.hpp"
#include "meterhub/v1/gateway.grpc.pb.h"
#include "meterhub/v1/storage.grpc.pb.h"

namespace meterhub::gateway {

/// Sends a command to the adapter owning its device and waits for the result (implemented over the bus).
class command_channel {
public:
  virtual ~command_channel() = default;
  virtual grpc::Status send(const v1::Command& command, v1::CommandResult& result) = 0;
};

/// The public gRPC face: queries go to meterhub-storage (the gateway never opens the database), live readings come
/// from the bus through the live hub, commands go to the adapters through the bus.
class gateway_service final : public v1::Gateway::Service {
public:
  /// `token`: bearer token clients must send (empty = none); `storage_token`: the one storage expects.
  gateway_service(std::shared_ptr<grpc::Channel> storage, live_hub& hub, command_channel& commands,
                  std::chrono::milliseconds query_timeout, std::string token, std::string storage_token);

  grpc::Status ListDevices(grpc::ServerContext* ctx, const v1::ListDevicesRequest* req,
                           v1::ListDevicesResponse* resp) override;
  grpc::Status Latest(grpc::ServerContext* ctx, const v1::LatestRequest* req, v1::LatestResponse* resp) override;
  grpc::Status Range(grpc::ServerContext* ctx, const v1::RangeRequest* req, v1::RangeResponse* resp) override;
  grpc::Status StreamReadings(grpc::ServerContext* ctx, const v1::StreamReadingsRequest* req,
                              grpc::ServerWriter<v1::ReadingEvent>* writer) override;
  grpc::Status SendCommand(grpc::ServerContext* ctx, const v1::Command* req, v1::CommandResult* resp) override;

private:
  /// A client context for the storage call that ends when the caller's deadline or ours passes.
  std::unique_ptr<grpc::ClientContext> storage_context(grpc::ServerContext* ctx) const;

  std::unique_ptr<v1::StorageQuery::Stub> storage_;
  live_hub& hub_;
  command_channel& commands_;
  std::chrono::milliseconds query_timeout_;
  std::string token_;
  std::string storage_token_;
};

} // namespace meterhub::gateway

#include "gateway_service.hpp"

#include "meterhub/core/reading.hpp"
#include "meterhub/rpc/rpc.hpp"
#include "meterhub/wire/convert.hpp"

namespace meterhub::gateway {

namespace {

/// A failed storage call as the gateway's caller sees it: the message names the hop, and storage refusing the
/// gateway's own credentials is the gateway's configuration at fault, not the caller's, so it does not go on as
/// UNAUTHENTICATED (which tells a client that its token is wrong).
grpc::Status from_storage(const grpc::Status& status) {
  if (status.ok())
    return status;
  const auto code = status.error_code();
  if (code == grpc::StatusCode::UNAUTHENTICATED || code == grpc::StatusCode::PERMISSION_DENIED)
    return {grpc::StatusCode::INTERNAL,
            "meterhub-storage refused the gateway: " + status.error_message() + " (check storage.token)"};
  return {code, "meterhub-storage: " + status.error_message()};
}

} // namespace

gateway_service::gateway_service(std::shared_ptr<grpc::Channel> storage, live_hub& hub, command_channel& commands,
                                 std::chrono::milliseconds query_timeout, std::string token,
                                 std::string storage_token)
  : storage_(v1::StorageQuery::NewStub(std::move(storage))),
    hub_(hub),
    commands_(commands),
    query_timeout_(query_timeout),
    token_(std::move(token)),
    storage_token_(std::move(storage_token)) {
}

std::unique_ptr<grpc::ClientContext> gateway_service::storage_context(grpc::ServerContext* ctx) const {
  auto client = std::make_unique<grpc::ClientContext>();
  auto ours = std::chrono::system_clock::now() + query_timeout_;
  client->set_deadline(std::min(ours, ctx->deadline()));
  if (!storage_token_.empty())
    client->AddMetadata("authorization", "Bearer " + storage_token_);
  return client;
}

grpc::Status gateway_service::ListDevices(grpc::ServerContext* ctx, const v1::ListDevicesRequest* req,
                                          v1::ListDevicesResponse* resp) {
  if (auto st = rpc::authorize(*ctx, token_); !st.ok())
    return st;
  return from_storage(storage_->ListDevices(storage_context(ctx).get(), *req, resp));
}

grpc::Status gateway_service::Latest(grpc::ServerContext* ctx, const v1::LatestRequest* req,
                                     v1::LatestResponse* resp) {
  if (auto st = rpc::authorize(*ctx, token_); !st.ok())
    return st;
  if (req->device().empty())
    return {grpc::StatusCode::INVALID_ARGUMENT, "device is required"};
  return from_storage(storage_->Latest(storage_context(ctx).get(), *req, resp));
}

grpc::Status gateway_service::Range(grpc::ServerContext* ctx, const v1::RangeRequest* req,
                                    v1::RangeResponse* resp) {
  if (auto st = rpc::authorize(*ctx, token_); !st.ok())
    return st;
  if (req->device().empty() || req->quantity().empty())
    return {grpc::StatusCode::INVALID_ARGUMENT, "device and quantity are required"};
  if (req->bucket_ms() < 0)
    return {grpc::StatusCode::INVALID_ARGUMENT, "bucket_ms must not be negative"};
  return from_storage(storage_->Range(storage_context(ctx).get(), *req, resp));
}

grpc::Status gateway_service::StreamReadings(grpc::ServerContext* ctx, const v1::StreamReadingsRequest* req,
                                             grpc::ServerWriter<v1::ReadingEvent>* writer) {
  if (auto st = rpc::authorize(*ctx, token_); !st.ok())
    return st;
  live_filter filter;
  filter.devices.insert(req->devices().begin(), req->devices().end());
  filter.quantities.insert(req->quantities().begin(), req->quantities().end());
  auto sub = hub_.subscribe(std::move(filter));
  v1::ReadingEvent event;
  while (!ctx->IsCancelled()) {
    auto next = sub->pop(std::chrono::milliseconds(250));
    if (!next)
      continue;
    event.set_device(next->device);
    wire::to_proto(next->value, *event.mutable_reading());
    if (!writer->Write(event))
      break; // the client went away
    event.Clear();
  }
  return grpc::Status::OK;
}

grpc::Status gateway_service::SendCommand(grpc::ServerContext* ctx, const v1::Command* req,
                                          v1::CommandResult* resp) {
  if (auto st = rpc::authorize(*ctx, token_); !st.ok())
    return st;
  if (!is_valid_device_id(req->device()))
    return {grpc::StatusCode::INVALID_ARGUMENT, "invalid device id '" + req->device() + "'"};
  if (req->kind() == v1::COMMAND_KIND_UNSPECIFIED)
    return {grpc::StatusCode::INVALID_ARGUMENT, "command kind is required"};
  return commands_.send(*req, *resp);
}

} // namespace meterhub::gateway

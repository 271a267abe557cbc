#include "cli_grpc_clients.hpp"

#include <chrono>

#include "grpc/health/v1/health.grpc.pb.h"

namespace meterhub::it::cli {

using namespace std::chrono_literals;

reflection_client::reflection_client(const std::string& target)
  : stub_(grpc::reflection::v1alpha::ServerReflection::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))) {
  ctx_.set_deadline(std::chrono::system_clock::now() + 10s);
  stream_ = stub_->ServerReflectionInfo(&ctx_);
}

std::optional<reflection_client::response> reflection_client::ask(const request& req) {
  response resp;
  if (!stream_->Write(req) || !stream_->Read(&resp))
    return std::nullopt;
  return resp;
}

std::set<std::string> reflection_client::services() {
  request req;
  req.set_list_services("");
  std::set<std::string> out;
  if (auto resp = ask(req))
    for (const auto& s : resp->list_services_response().service())
      out.insert(s.name());
  return out;
}

std::vector<google::protobuf::FileDescriptorProto> reflection_client::files_of(const std::string& symbol) {
  request req;
  req.set_file_containing_symbol(symbol);
  std::vector<google::protobuf::FileDescriptorProto> out;
  if (auto resp = ask(req))
    for (const auto& bytes : resp->file_descriptor_response().file_descriptor_proto())
      if (google::protobuf::FileDescriptorProto f; f.ParseFromString(bytes))
        out.push_back(std::move(f));
  return out;
}

grpc::Status reflection_client::finish() {
  stream_->WritesDone();
  return stream_->Finish();
}

grpc::health::v1::HealthCheckResponse::ServingStatus check_health(const std::string& target,
                                                                  const std::string& service, grpc::Status& status) {
  auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 5s);
  grpc::health::v1::HealthCheckRequest req;
  req.set_service(service);
  grpc::health::v1::HealthCheckResponse resp;
  status = stub->Check(&ctx, req, &resp);
  return resp.status();
}

} // namespace meterhub::it::cli

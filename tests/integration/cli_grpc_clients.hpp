#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/grpcpp.h>

#include "grpc/health/v1/health.pb.h"

/// Generic gRPC clients, as tools such as grpcurl use them: the standard health check and server reflection.
namespace meterhub::it::cli {

/// One server reflection stream (grpc.reflection.v1alpha, what gRPC 1.51 serves) to `target`, without TLS.
/// Debian ships no reflection client nor its .proto, so the two requests this needs are encoded by hand and the
/// answers read field by field, the way a generic tool that knows only the field numbers would.
class reflection_client {
public:
  explicit reflection_client(const std::string& target);

  /// The full names of the services the server lists; empty when it does not answer.
  std::set<std::string> services();

  /// The file that declares `symbol` and every file it imports, as the server sent them.
  std::vector<google::protobuf::FileDescriptorProto> files_of(const std::string& symbol);

  /// Closes the stream; the status the server ended it with.
  grpc::Status finish();

private:
  /// Sends a request whose one field `field` holds `text`; the answer's bytes, or nullopt.
  std::optional<std::string> ask(int field, const std::string& text);

  std::shared_ptr<grpc::Channel> channel_;
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream_;
};

/// grpc.health.v1.Health/Check of `service` ("" = the whole server) on `target`; `status` is the call's status.
grpc::health::v1::HealthCheckResponse::ServingStatus check_health(const std::string& target,
                                                                  const std::string& service, grpc::Status& status);

} // namespace meterhub::it::cli

#pragma once

#include <memory>
#include <string>

#include <caf/expected.hpp>
#include <grpcpp/grpcpp.h>

/// What the gRPC servers (gateway, storage) and their clients share: TLS credentials from PEM files, bearer-token
/// checks, health and reflection.
namespace meterhub::rpc {

/// TLS server credentials when both files are given, insecure ones when neither; nullopt-like error otherwise.
caf::expected<std::shared_ptr<grpc::ServerCredentials>> server_credentials(const std::string& cert_file,
                                                                           const std::string& key_file);

/// TLS channel credentials (roots from `ca_file`, the system's when empty) or insecure ones. A `ca_file` that cannot
/// be read or holds no certificate is an error, not a silent fall-back to the system's roots.
caf::expected<std::shared_ptr<grpc::ChannelCredentials>> channel_credentials(bool tls, const std::string& ca_file);

/// OK when `token` is empty or the call carries "authorization: Bearer <token>" (compared in constant time).
grpc::Status authorize(const grpc::ServerContext& ctx, const std::string& token);

/// Turns on gRPC's health service and server reflection for every server built afterwards.
void enable_health_and_reflection();

/// Reads a whole file; empty when it cannot.
std::string read_file(const std::string& path);

} // namespace meterhub::rpc

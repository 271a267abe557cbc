#include "meterhub/rpc/rpc.hpp"

#include <fstream>
#include <sstream>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <openssl/crypto.h>

#include "grpc/health/v1/health.pb.h"
#include "meterhub/core/error.hpp"

namespace meterhub::rpc {

namespace {

enum class rpc_errc : std::uint8_t { bad_tls = 1 };

const char* to_string(rpc_errc) noexcept {
  return "bad_tls";
}

} // namespace

} // namespace meterhub::rpc

CAF_ERROR_CODE_ENUM(meterhub::rpc::rpc_errc, "rpc")

namespace meterhub::rpc {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

caf::expected<std::shared_ptr<grpc::ServerCredentials>> server_credentials(const std::string& cert_file,
                                                                           const std::string& key_file) {
  if (cert_file.empty() && key_file.empty())
    return grpc::InsecureServerCredentials();
  const auto cert = read_file(cert_file);
  const auto key = read_file(key_file);
  if (cert.empty() || key.empty())
    return make_error(rpc_errc::bad_tls, "cannot read " + (cert.empty() ? cert_file : key_file));
  grpc::SslServerCredentialsOptions opts;
  opts.pem_key_cert_pairs.push_back({key, cert});
  return grpc::SslServerCredentials(opts);
}

caf::expected<std::shared_ptr<grpc::ChannelCredentials>> channel_credentials(bool tls, const std::string& ca_file) {
  if (!tls)
    return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions opts;
  if (!ca_file.empty()) {
    opts.pem_root_certs = read_file(ca_file);
    if (opts.pem_root_certs.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
      return make_error(rpc_errc::bad_tls, "no PEM certificate in " + ca_file + " (missing or unreadable?)");
  }
  return grpc::SslCredentials(opts);
}

grpc::Status authorize(const grpc::ServerContext& ctx, const std::string& token) {
  if (token.empty())
    return grpc::Status::OK;
  const std::string expected = "Bearer " + token;
  for (auto [it, end] = ctx.client_metadata().equal_range("authorization"); it != end; ++it) {
    const auto& got = it->second;
    if (got.size() == expected.size() && CRYPTO_memcmp(got.data(), expected.data(), got.size()) == 0)
      return grpc::Status::OK;
  }
  return {grpc::StatusCode::UNAUTHENTICATED, "a valid bearer token is required"};
}

void enable_health_and_reflection() {
  grpc::EnableDefaultHealthCheckService(true);
  // gRPC's built-in health service encodes its messages without protobuf descriptors, so reflection would list
  // grpc.health.v1.Health but could not describe it (grpcurl cannot call Check then). Referencing the generated
  // file links it into the service and registers its descriptor.
  (void)::grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
}

} // namespace meterhub::rpc

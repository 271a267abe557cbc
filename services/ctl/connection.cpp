#include "connection.hpp"

#include <fstream>
#include <sstream>

namespace meterhub::ctl {

std::shared_ptr<grpc::Channel> open_channel(const connection_options& opts) {
  if (!opts.tls)
    return grpc::CreateChannel(opts.target, grpc::InsecureChannelCredentials());
  grpc::SslCredentialsOptions ssl;
  if (!opts.ca_file.empty()) {
    std::ifstream in(opts.ca_file);
    std::ostringstream pem;
    pem << in.rdbuf();
    ssl.pem_root_certs = pem.str();
  }
  return grpc::CreateChannel(opts.target, grpc::SslCredentials(ssl));
}

std::unique_ptr<grpc::ClientContext> make_context(const connection_options& opts, bool streaming) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!streaming)
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(opts.timeout_ms));
  if (!opts.token.empty())
    ctx->AddMetadata("authorization", "Bearer " + opts.token);
  return ctx;
}

} // namespace meterhub::ctl

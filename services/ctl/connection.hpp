#pragma once

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace meterhub::ctl {

/// How meterhubctl reaches the gateway.
struct connection_options {
  std::string target = "127.0.0.1:50051";
  bool tls = false;
  std::string ca_file;    ///< PEM roots for TLS; empty = the system's
  std::string token;      ///< bearer token, from --token-file or METERHUB_TOKEN
  int timeout_ms = 10'000;
};

/// A channel to the gateway with TLS when asked.
std::shared_ptr<grpc::Channel> open_channel(const connection_options& opts);

/// A context carrying the deadline and the bearer token.
std::unique_ptr<grpc::ClientContext> make_context(const connection_options& opts, bool streaming = false);

} // namespace meterhub::ctl

#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "meterhub/testing/process.hpp"
#include "security_pki.hpp"

/// A real Mosquitto 2 that accepts only TLS connections with a user name and password, for the security tests.
namespace meterhub::it {

struct tls_broker_options {
  std::string username;
  std::string password;
  /// Clients must also present a certificate signed by the broker's CA (mutual TLS).
  bool require_client_cert = false;
};

/// Mosquitto on a free loopback port with one TLS listener, `allow_anonymous false` and a password file made with
/// `mosquitto_passwd`. Started as root, Mosquitto drops to the `mosquitto` user before it reads its key and
/// password file, so those are copied into a folder that user owns. Stopped by PID on destruction.
class tls_broker {
public:
  tls_broker(const std::filesystem::path& dir, const test_ca& ca, const cert_files& server,
             const tls_broker_options& options);

  int port() const noexcept { return port_; }
  std::string url() const { return "ssl://127.0.0.1:" + std::to_string(port_); }
  /// Everything the broker logged (connections, refusals, TLS errors).
  std::string log() const { return proc_->stderr_text(); }

private:
  std::filesystem::path dir_;
  int port_;
  std::unique_ptr<testing::process> proc_;
};

} // namespace meterhub::it

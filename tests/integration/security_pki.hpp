#pragma once

#include <filesystem>
#include <string>
#include <vector>

/// Throwaway certificates for the security tests, made with the openssl CLI in the test's own temporary folder:
/// nothing secret is committed and nothing outlives the test.
namespace meterhub::it {

/// A certificate and its private key, both PEM files.
struct cert_files {
  std::filesystem::path cert;
  std::filesystem::path key;
};

/// A self-signed certificate authority (P-256) that issues certificates for 127.0.0.1.
class test_ca {
public:
  /// Creates `{dir}/{name}-ca.crt` and its key. Throws std::runtime_error with openssl's output when it fails.
  test_ca(std::filesystem::path dir, std::string name);

  /// The CA certificate: the trust store a client is given.
  const std::filesystem::path& cert() const noexcept { return ca_.cert; }

  /// Issues `{dir}/{name}.crt` and `.key` with subjectAltName `san` (for instance "IP:127.0.0.1"), usable by
  /// servers and clients alike.
  cert_files issue(const std::string& name, const std::string& san = "IP:127.0.0.1") const;

private:
  std::filesystem::path dir_;
  std::string name_;
  cert_files ca_;
};

/// Runs `openssl ARGS` to the end in `dir`; throws std::runtime_error with its stderr when it fails.
void run_openssl(const std::filesystem::path& dir, std::vector<std::string> args);

} // namespace meterhub::it

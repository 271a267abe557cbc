#pragma once

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <caf/expected.hpp>

#include "meterhub/core/error.hpp"
#include "meterhub/metrics/metrics.hpp"

namespace httplib {
class Server;
}

namespace meterhub::metrics {

enum class http_errc : std::uint8_t {
  cannot_bind = 1, ///< the address is taken or not ours
  bad_tls,         ///< certificate or key missing or unreadable
};

const char* to_string(http_errc code) noexcept;

/// Where and how /healthz and /metrics are served.
struct http_settings {
  std::string host = "127.0.0.1";
  int port = 0;            ///< 0 = any free port
  std::string token;       ///< bearer token required on every path when not empty
  std::string tls_cert;    ///< PEM certificate; with tls_key, serve HTTPS
  std::string tls_key;
};

/// Parses "host:port" (port 0 allowed); nullopt when malformed.
std::optional<std::pair<std::string, int>> parse_listen(const std::string& text);

/// The small HTTP endpoint every service runs for probes and Prometheus, on its own thread.
class http_server {
public:
  /// Binds and starts serving; fails with the address when the port is taken.
  static caf::expected<std::unique_ptr<http_server>> start(const http_settings& settings, registry& reg,
                                                           health& h);
  ~http_server();

  /// The bound port (useful with port 0).
  int port() const noexcept { return port_; }
  void stop();

private:
  http_server() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

} // namespace meterhub::metrics

CAF_ERROR_CODE_ENUM(meterhub::metrics::http_errc, "http")

#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include <caf/expected.hpp>

#include "meterhub/bus/settings.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/metrics/http_server.hpp"

namespace meterhub::gateway {

/// Everything meterhub-gateway reads from its YAML file (deploy/config/gateway.yaml documents each key).
struct settings {
  std::string listen = "127.0.0.1:50051";
  std::string tls_cert, tls_key, token;
  std::chrono::milliseconds query_timeout{10'000};
  std::string storage_target = "127.0.0.1:50052";
  bool storage_tls = false;
  std::string storage_ca, storage_token;
  bus::bus_settings bus;
  metrics::http_settings http;
  logging::log_settings log;
};

caf::expected<settings> load_settings(const std::filesystem::path& file);

} // namespace meterhub::gateway

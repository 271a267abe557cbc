#pragma once

#include <filesystem>
#include <string>

#include <caf/expected.hpp>

#include "meterhub/bus/settings.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/metrics/http_server.hpp"
#include "writer.hpp"

namespace meterhub::storage_service {

/// Everything meterhub-storage reads from its YAML file (deploy/config/storage.yaml documents each key).
struct settings {
  std::filesystem::path database = "var/storage/meterhub.db";
  writer_settings writer;
  /// Shared-subscription group of the replicas; empty (the default) subscribes plainly. SQLite storage is one
  /// replica, and Mosquitto 2.0 does not restore a durable session's shared subscriptions when the broker restarts:
  /// what is published between the restart and the subscriber's return would have no subscriber and be lost.
  std::string group;
  std::string query_listen = "127.0.0.1:50052";
  std::string query_tls_cert, query_tls_key, query_token;
  std::uint32_t max_rows = 100'000;
  bus::bus_settings bus;
  metrics::http_settings http;
  logging::log_settings log;
};

/// Reads the configuration file (or the embedded defaults when `file` is empty) with environment overrides;
/// an error lists every bad key.
caf::expected<settings> load_settings(const std::filesystem::path& file);

} // namespace meterhub::storage_service

#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/bus/settings.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/metrics/http_server.hpp"
#include "meterhub/um40/mapping.hpp"
#include "targets.hpp"

namespace meterhub::um40_service {

/// What `meterhub-um40 run` reads from its YAML file (deploy/config/um40.yaml documents each key).
struct run_settings {
  target_choice target;                     ///< um40.target, with the same file's `targets:` for ssh:NAME
  um40::mapping_options mapping;            ///< um40.utc_offset, um40.moment_interval
  std::vector<um40::device_assignment> devices; ///< um40.devices: the only devices injected, and their meters
  std::size_t batch_records = 500;          ///< records per transaction (one SSH round trip each)
  std::chrono::milliseconds flush_interval{1000};
  std::chrono::milliseconds max_retry_pause{30'000};
  /// Shared-subscription group, so that replicas split the readings; empty subscribes plainly.
  std::string group = "um40";
  bus::bus_settings bus;
  metrics::http_settings http;
  logging::log_settings log;
};

/// Reads the configuration file with environment overrides; an error lists every bad key with its reason.
caf::expected<run_settings> load_run_settings(const std::filesystem::path& file);

} // namespace meterhub::um40_service

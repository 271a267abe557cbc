#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "decoder.hpp"
#include "meterhub/bus/settings.hpp"
#include "meterhub/config/config.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/metrics/http_server.hpp"
#include "meterhub/transport/transport.hpp"

namespace meterhub::p1 {

/// One P1 port and its meter (deploy/config/p1.yaml documents each key).
struct meter_settings {
  std::string id; ///< empty: derived from the equipment id
  transport::endpoint port;
  std::string port_text;
  transport::serial_settings serial;
  std::chrono::milliseconds watchdog{20'000};
  std::chrono::milliseconds idle_gap{1'000};
  decoder_options decoding;
};

struct settings {
  std::vector<meter_settings> meters;
  bus::bus_settings bus;
  metrics::http_settings http;
  logging::log_settings log;
};

/// Reads a `meters[]` item (or the defaults for a meter given by --port).
meter_settings read_meter(const config::reader& r, const std::string& port_override);

/// Loads the file (or embedded defaults); `port_override` replaces the first meter's port, or, when the file lists
/// no `meters`, adds one meter read from the `meter_defaults` section with that port. Every section rejects keys it
/// does not know; the error names each bad key.
caf::expected<settings> load_settings(const std::filesystem::path& file, const std::string& port_override);

} // namespace meterhub::p1

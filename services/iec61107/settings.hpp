#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "archive_ledger.hpp"
#include "line_endpoint.hpp"
#include "meterhub/bus/settings.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/metrics/http_server.hpp"
#include "meterhub/neva/model.hpp"
#include "meterhub/transport/transport.hpp"

namespace meterhub::iec61107_service {

/// One meter on a line (deploy/config/iec61107.yaml documents each key).
struct meter_settings {
  std::string id;                      ///< device id; default iec61107-{address}, or iec61107-{line index} alone
  std::string address;                 ///< sign-on address; empty when the meter is alone on its line
  std::optional<std::string> password; ///< from password, password_file or password_env; never logged
  neva::model_options model;
  std::chrono::milliseconds interval{60'000};   ///< poll schedule
  std::chrono::milliseconds max_backoff{900'000}; ///< a failing meter is retried at growing intervals up to this
  std::chrono::minutes utc_offset{180};         ///< the meter's wall clock (NEVA keeps local time, no zone)
  archive_settings archives;                    ///< day, month and half-hour archives
};

/// One line: a port, its meters, one session at a time.
struct line_settings {
  line_endpoint endpoint;
  transport::serial_settings serial{9600, 7, transport::parity::even, 1};
  bool optical = false;
  int max_baud = 9600;
  std::chrono::milliseconds reply_timeout{2000};
  std::chrono::milliseconds after_break{500};
  std::chrono::milliseconds connect_timeout{10'000};
  std::vector<meter_settings> meters;
};

struct settings {
  std::vector<line_settings> lines;
  bus::bus_settings bus;
  metrics::http_settings http;
  logging::log_settings log;
};

/// Loads the file (or embedded defaults). `port_override` (--port) replaces the first line's port, or, when the file
/// lists no lines, adds a line read from `line_defaults` with one meter read from `meter_defaults`. A line without
/// `meters` has one meter read from `meter_defaults`. Every section rejects unknown keys.
caf::expected<settings> load_settings(const std::filesystem::path& file, const std::string& port_override);

} // namespace meterhub::iec61107_service

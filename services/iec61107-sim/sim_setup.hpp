#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meter_model.hpp"

/// From command-line values to the model: validation with the option and the reason in every error, so bad
/// configuration stops the imitator at start (STYLE §3).
namespace meterhub::iec61107sim {

struct setup_options {
  std::vector<std::string> meters;     ///< "ADDRESS[:PASSWORD]"; none = one meter 00000001 with password 00000000
  std::string ident = "TPC5NEVAMT324.2303";
  std::string values_text;             ///< the --values file's content
  std::vector<std::string> overrides;  ///< "-o" items, applied after the file
  std::uint64_t seed = 1;
  std::int64_t installed_day = 18262;  ///< 2020-01-01
  bool optical = false;
  local_seconds session_timeout = 120;
};

/// "ADDRESS[:PASSWORD]": up to 8 digits (zero-padded to 8, not 0) and an 8-character password.
caf::expected<meter_settings> parse_meter_option(std::string_view text);

/// The meters and the model; meter i gets its own seed derived from `seed` and i.
caf::expected<meter_model> build_model(const setup_options& options);

/// "250ms", "2s", "1m"; a bare number is seconds (as meterhub-p1-sim reads it).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

} // namespace meterhub::iec61107sim

#pragma once

#include <filesystem>

/// `meterhub-um40 run`: readings from the bus into meter.db until SIGTERM or SIGINT.
namespace meterhub::um40_service {

/// Reads the configuration, opens the target, subscribes and injects; returns the process exit code (2 when the
/// configuration, the target or the bus cannot be used, with the reason on stderr).
int run_daemon(const std::filesystem::path& config_file);

} // namespace meterhub::um40_service

#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <caf/expected.hpp>

#include "meterhub/skstack/session.hpp"

/// What one module remembers across restarts, in `{state_dir}/{device}.json`: the PAN it joined (so a restart rejoins
/// without a scan that takes 17 s to over a minute) and the last half-hour slot published per direction (so the
/// meter's history fills exactly the gap, no slot twice).
namespace meterhub::echonet_service {

struct module_memory {
  std::optional<skstack::pan_cache> pan;
  std::optional<std::int64_t> last_import_slot_ms; ///< 1-0:1.8.0
  std::optional<std::int64_t> last_export_slot_ms; ///< 1-0:2.8.0
  friend bool operator==(const module_memory&, const module_memory&) = default;
};

/// Reads the file; a missing file is an empty memory, a damaged one is `bad_state` naming the file and the reason
/// (the caller logs it and starts empty rather than refusing to run).
caf::expected<module_memory> load_memory(const std::filesystem::path& file);

/// Writes the file atomically (temporary file, fsync, rename), creating the folder.
caf::error save_memory(const std::filesystem::path& file, const module_memory& memory);

} // namespace meterhub::echonet_service

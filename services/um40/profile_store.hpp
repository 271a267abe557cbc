#pragma once

#include <filesystem>
#include <memory>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/um40/mapping.hpp"

struct sqlite3;

namespace meterhub::um40_service {

/// The mapper's profile points on local disk (a small SQLite file beside the bus inbox). meter.db keeps only the
/// averages, not the registers they came from, so without this a restart would forget the start point of the
/// period in progress and that period would never get its ElArr1ConsPower record.
class profile_store {
public:
  /// Opens (creating when missing) the file and its table.
  static caf::expected<std::unique_ptr<profile_store>> open(const std::filesystem::path& file);
  ~profile_store();
  profile_store(const profile_store&) = delete;
  profile_store& operator=(const profile_store&) = delete;

  caf::expected<um40::device_profiles> load();
  /// Replaces the stored points of each device in `changed`, in one transaction.
  caf::error save(const um40::device_profiles& changed);

private:
  explicit profile_store(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

} // namespace meterhub::um40_service

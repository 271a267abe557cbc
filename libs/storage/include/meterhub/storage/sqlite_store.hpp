#pragma once

#include <filesystem>
#include <memory>

#include "meterhub/storage/store.hpp"

namespace meterhub::storage {

/// Opens (and creates or migrates) an SQLite store: WAL, synchronous=NORMAL, prepared statements throughout.
///
/// Schema (user_version 1):
///   devices(id, name UNIQUE, first_seen, last_seen, reading_count, state BLOB, state_updated)
///   series(id, device_id, quantity, unit, UNIQUE(device_id, quantity))
///   readings(series_id, time_ms, value, flags, text, PRIMARY KEY(series_id, time_ms)) WITHOUT ROWID
///   latest(series_id PRIMARY KEY, time_ms, value, flags, text)
/// `read_only` opens an existing database for queries only.
caf::expected<std::unique_ptr<reading_store>> open_sqlite_store(const std::filesystem::path& file,
                                                                bool read_only = false);

} // namespace meterhub::storage

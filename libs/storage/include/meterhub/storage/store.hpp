#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/error.hpp"
#include "meterhub/core/reading.hpp"

/// Where readings are kept: an interface with an SQLite implementation (the embedded default) and, later, MySQL.
/// Writes are idempotent on (device, quantity, time): the bus delivers at least once.
namespace meterhub::storage {

enum class storage_errc : std::uint8_t {
  cannot_open = 1, ///< the database file cannot be opened or is not a database
  query_failed,    ///< a statement failed (the message carries the database's own text)
  unknown_device,  ///< a query named a device the store has never seen
  unknown_series,  ///< a range query named a quantity the device never had
};

const char* to_string(storage_errc code) noexcept;

/// What a write did.
struct write_stats {
  std::uint64_t inserted = 0;
  std::uint64_t duplicates = 0; ///< readings already stored (redelivery)
};

struct device_info {
  std::string name;
  std::int64_t first_seen_ms = 0;
  std::int64_t last_seen_ms = 0;
  std::uint64_t reading_count = 0;
  std::string state;            ///< the newest serialised DeviceState, empty if none
  std::int64_t state_updated_ms = 0;
};

enum class aggregate : std::uint8_t { min, max, avg, last };

struct range_query {
  std::string device;
  std::string quantity;
  std::int64_t from_ms = 0; ///< inclusive
  std::int64_t to_ms = 0;   ///< exclusive
  std::int64_t bucket_ms = 0; ///< 0 = raw readings
  std::uint32_t limit = 10'000;
};

struct bucket {
  std::int64_t start_ms = 0;
  std::uint64_t count = 0;
  std::optional<double> min, max, avg, last;
};

struct range_result {
  meterhub::unit unit = unit::none;
  std::vector<reading> readings; ///< raw mode, in time order
  std::vector<bucket> buckets;   ///< bucket mode, in time order
  bool truncated = false;
};

/// A store of readings. Implementations are not thread-safe: one writer actor owns a store, and queries use a
/// store of their own (SQLite's WAL lets readers and the writer work side by side).
class reading_store {
public:
  virtual ~reading_store() = default;

  /// Writes all batches in one transaction; all or nothing.
  virtual caf::expected<write_stats> write(std::span<const reading_batch> batches) = 0;

  /// Keeps the newest device state (`updated_ms` decides; older updates are ignored).
  virtual caf::error put_device_state(const std::string& device, const std::string& serialized_state,
                                      std::int64_t updated_ms) = 0;

  virtual caf::expected<std::vector<device_info>> devices() = 0;

  /// The newest reading of each quantity of `device` (all quantities when `quantities` is empty).
  virtual caf::expected<std::vector<reading>> latest(const std::string& device,
                                                     const std::vector<std::string>& quantities) = 0;

  virtual caf::expected<range_result> range(const range_query& query) = 0;
};

} // namespace meterhub::storage

CAF_ERROR_CODE_ENUM(meterhub::storage::storage_errc, "storage")

#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/um40/shell.hpp"
#include "meterhub/um40/statements.hpp"

/// Where records go: a meter.db on this machine (libsqlite3, prepared statements) or a concentrator's, through its
/// sqlite3 shell over SSH. Both take the same statements, so what is tested locally is what a device receives.
namespace meterhub::um40 {

class target {
public:
  virtual ~target() = default;
  /// Runs `batch` in one transaction (BEGIN IMMEDIATE … COMMIT). On an error nothing of it is kept; since every
  /// statement is idempotent, running it again after an unclear end (a dropped link) adds nothing twice.
  virtual caf::error write(const std::vector<statement>& batch) = 0;
  /// Runs one query; each row has `columns` fields.
  virtual caf::expected<std::vector<row>> query(const statement& q, std::size_t columns) = 0;
  /// "meter.db at /path" or "ssh pi@10.0.0.5:22 /var/opt/uspd/meterdb/meter.db", for messages.
  virtual std::string where() const = 0;
};

/// A local meter.db. With `create`, a missing file is made with the full schema and lookup tables
/// (`create_schema_sql`); an existing one is used as it is. ":memory:" works for tests.
caf::expected<std::unique_ptr<target>> open_local(const std::filesystem::path& file, bool create);

} // namespace meterhub::um40

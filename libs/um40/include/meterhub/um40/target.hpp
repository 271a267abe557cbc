#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <chrono>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/ssh/endpoint.hpp"
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

/// A concentrator's meter.db, written through its sqlite3 shell over SSH.
struct ssh_target_settings {
  ssh::endpoint endpoint;
  std::string database = "/var/opt/uspd/meterdb/meter.db";
  std::string sqlite3 = "sqlite3";
  bool sudo = false;                        ///< run the shell as `sudo -n sqlite3 …` (needs NOPASSWD for it)
  std::chrono::milliseconds timeout{60'000}; ///< one batch or query, end to end
  int attempts = 4;                         ///< tries of a batch whose link dropped before it was known to commit
  std::chrono::milliseconds retry_pause{500}; ///< before the second try; doubles with each further one
};

/// The fixed command line run on the device: `[sudo -n ]SQLITE3 -batch -bail 'DATABASE'`. bad_value when the
/// program or path has characters outside [A-Za-z0-9_./+-] (they come from configuration, and nothing else is
/// ever put into a remote command).
caf::expected<std::string> shell_command(const ssh_target_settings& s);

/// Checks the settings (and the SSH endpoint) without connecting; the first connection opens on first use and
/// again after a drop. Host key, login and key errors are never retried: they do not heal by themselves.
caf::expected<std::unique_ptr<target>> open_ssh(const ssh_target_settings& s);

} // namespace meterhub::um40

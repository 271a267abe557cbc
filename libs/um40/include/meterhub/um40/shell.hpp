#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/um40/statements.hpp"

/// Talking to a device's `sqlite3` command-line shell: the script fed on stdin and the output read back. The
/// command line itself is fixed (`sqlite3 -batch -bail PATH`); everything else travels on stdin, so no data is ever
/// part of a shell command. Output uses control characters the data cannot contain: 0x1F between fields, 0x1E after
/// each row, and a NULL marker wrapped in 0x1D.
namespace meterhub::um40 {

using row = std::vector<std::optional<std::string>>; ///< one result row; nullopt is NULL

/// What a write script prints last, after COMMIT: its absence means the batch may not have committed.
inline constexpr std::string_view commit_marker = "meterhub-committed";

/// The script that writes `batch` in one transaction: shell settings (.timeout 5000 so a database the concentrator
/// is writing makes us wait instead of fail), foreign keys on, BEGIN IMMEDIATE … COMMIT, then the commit marker.
caf::expected<std::string> write_script(const std::vector<statement>& batch);

/// The script that runs one query with the unambiguous output settings.
caf::expected<std::string> query_script(const statement& query);

/// The script that creates an empty meter.db (`create_schema_sql`) in one transaction, ending with the marker.
std::string schema_script();

/// The rows in a query's output, each with exactly `columns` fields; bad_output (quoting the offending row) when a
/// row has another count or the output does not end with a row separator.
caf::expected<std::vector<row>> parse_rows(std::string_view output, std::size_t columns);

/// True when a write script's output ends with the commit marker row.
bool committed(std::string_view output);

} // namespace meterhub::um40

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/expected.hpp>
#include <sqlite3.h>

/// Small RAII wrappers over the SQLite C API; every return code is turned into a `caf::error`.
namespace meterhub::storage::detail {

class statement {
public:
  statement() = default;
  statement(sqlite3* db, std::string_view sql, caf::error& err);
  ~statement();
  statement(statement&& other) noexcept;
  statement& operator=(statement&& other) noexcept;

  statement& bind(int index, std::int64_t v);
  statement& bind(int index, double v);
  statement& bind(int index, std::string_view text);
  statement& bind_blob(int index, std::string_view bytes);
  statement& bind_null(int index);

  /// Runs one step: true when a row is available, false when done; errors go to `err`.
  bool step(caf::error& err);
  void reset();

  std::int64_t int64(int col) const;
  double real(int col) const;
  bool is_null(int col) const;
  std::string text(int col) const;

private:
  sqlite3_stmt* stmt_ = nullptr;
};

class database {
public:
  static caf::expected<database> open(const std::string& file, bool read_only);
  database() = default;
  ~database();
  database(database&& other) noexcept;
  database& operator=(database&& other) noexcept;

  caf::error exec(std::string_view sql);
  caf::expected<statement> prepare(std::string_view sql);
  std::int64_t changes() const { return sqlite3_changes(db_); }
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  caf::error error_here(std::string_view what) const;

private:
  explicit database(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

} // namespace meterhub::storage::detail

#include "sqlite_db.hpp"

#include <utility>

#include "meterhub/storage/store.hpp"

namespace meterhub::storage::detail {

statement::statement(sqlite3* db, std::string_view sql, caf::error& err) {
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                         nullptr) != SQLITE_OK)
    err = make_error(storage_errc::query_failed, std::string{sqlite3_errmsg(db)} + " in: " + std::string{sql});
}

statement::~statement() {
  sqlite3_finalize(stmt_);
}

statement::statement(statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {
}

statement& statement::operator=(statement&& other) noexcept {
  std::swap(stmt_, other.stmt_);
  return *this;
}

statement& statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

statement& statement::bind(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}

statement& statement::bind(int i, std::string_view text) {
  sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

statement& statement::bind_blob(int i, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  return *this;
}

statement& statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool statement::step(caf::error& err) {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW)
    return true;
  if (rc != SQLITE_DONE)
    err = make_error(storage_errc::query_failed, sqlite3_errmsg(sqlite3_db_handle(stmt_)));
  return false;
}

void statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t statement::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

double statement::real(int col) const {
  return sqlite3_column_double(stmt_, col);
}

bool statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::string statement::text(int col) const {
  auto* p = sqlite3_column_blob(stmt_, col);
  return p ? std::string{static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))}
           : std::string{};
}

caf::expected<database> database::open(const std::string& file, bool read_only) {
  sqlite3* db = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return make_error(storage_errc::cannot_open, file + ": " + why);
  }
  sqlite3_busy_timeout(db, 5000);
  return database{db};
}

database::~database() {
  sqlite3_close_v2(db_);
}

database::database(database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {
}

database& database::operator=(database&& other) noexcept {
  std::swap(db_, other.db_);
  return *this;
}

caf::error database::exec(std::string_view sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, std::string{sql}.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string why = msg ? msg : "unknown error";
    sqlite3_free(msg);
    return make_error(storage_errc::query_failed, why);
  }
  return {};
}

caf::expected<statement> database::prepare(std::string_view sql) {
  caf::error err;
  statement st{db_, sql, err};
  if (err)
    return err;
  return st;
}

caf::error database::error_here(std::string_view what) const {
  return make_error(storage_errc::query_failed, std::string{what} + ": " + sqlite3_errmsg(db_));
}

} // namespace meterhub::storage::detail

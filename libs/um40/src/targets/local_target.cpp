#include <sqlite3.h>

#include <unordered_map>

#include "meterhub/um40/error.hpp"
#include "meterhub/um40/schema.hpp"
#include "meterhub/um40/target.hpp"

namespace meterhub::um40 {

namespace {

caf::error db_error(sqlite3* db, const std::string& doing) {
  return make_error(um40_errc::database, doing + ": " + sqlite3_errmsg(db));
}

/// A meter.db opened with libsqlite3: statements prepared once and bound, never rendered as text.
class local_target : public target {
public:
  local_target(sqlite3* db, std::string name) : db_(db), name_(std::move(name)) {}
  ~local_target() override {
    for (auto& [sql, st] : cache_)
      sqlite3_finalize(st);
    sqlite3_close(db_);
  }
  local_target(const local_target&) = delete;
  local_target& operator=(const local_target&) = delete;

  caf::error write(const std::vector<statement>& batch) override {
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
      return db_error(db_, "cannot begin a transaction on " + name_);
    for (const auto& s : batch)
      if (auto err = step_all(s, nullptr, 0)) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        return err;
      }
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      auto err = db_error(db_, "cannot commit to " + name_);
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return err;
    }
    return {};
  }

  caf::expected<std::vector<row>> query(const statement& q, std::size_t columns) override {
    std::vector<row> rows;
    if (auto err = step_all(q, &rows, columns))
      return err;
    return rows;
  }

  std::string where() const override { return "meter.db at " + name_; }

  caf::error exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK)
      return {};
    std::string text = msg ? msg : sqlite3_errmsg(db_);
    sqlite3_free(msg);
    return make_error(um40_errc::database, "on " + name_ + ": " + text);
  }

private:
  caf::expected<sqlite3_stmt*> prepared(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
      return db_error(db_, "cannot prepare a statement for " + name_);
    if (cache_.size() > 256) { // generated statements repeat by shape; a bound keeps odd ones from piling up
      for (auto& [text, old] : cache_)
        sqlite3_finalize(old);
      cache_.clear();
    }
    cache_.emplace(sql, st);
    return st;
  }

  static void bind(sqlite3_stmt* st, int i, const value& v) {
    if (auto n = std::get_if<std::int64_t>(&v))
      sqlite3_bind_int64(st, i, *n);
    else if (auto d = std::get_if<double>(&v))
      sqlite3_bind_double(st, i, *d);
    else if (auto s = std::get_if<std::string>(&v))
      sqlite3_bind_text(st, i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    else
      sqlite3_bind_null(st, i);
  }

  caf::error step_all(const statement& s, std::vector<row>* rows, std::size_t columns) {
    auto st = prepared(s.sql);
    if (!st)
      return st.error();
    const int count = sqlite3_bind_parameter_count(*st);
    for (int i = 0; i < count && i < static_cast<int>(s.params.size()); ++i)
      bind(*st, i + 1, s.params[static_cast<std::size_t>(i)]);
    int rc;
    while ((rc = sqlite3_step(*st)) == SQLITE_ROW)
      if (rows)
        rows->push_back(row_of(*st, columns));
    sqlite3_reset(*st);
    return rc == SQLITE_DONE ? caf::error{} : db_error(db_, "a statement failed on " + name_);
  }

  static row row_of(sqlite3_stmt* st, std::size_t columns) {
    row r;
    for (int c = 0; c < static_cast<int>(columns) && c < sqlite3_column_count(st); ++c) {
      auto text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
      r.push_back(text ? std::optional<std::string>{text} : std::nullopt);
    }
    r.resize(columns);
    return r;
  }

  sqlite3* db_;
  std::string name_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

} // namespace

caf::expected<std::unique_ptr<target>> open_local(const std::filesystem::path& file, bool create) {
  const bool memory = file == ":memory:";
  std::error_code ec;
  const bool exists = memory || std::filesystem::exists(file, ec);
  if (!exists && !create)
    return make_error(um40_errc::database, "no meter.db at " + file.string());
  if (!exists && file.has_parent_path()) // its folder too, as for every state file of the platform
    std::filesystem::create_directories(file.parent_path(), ec);
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    auto err = make_error(um40_errc::database, "cannot open " + file.string() + ": " + sqlite3_errmsg(db));
    sqlite3_close(db);
    return err;
  }
  sqlite3_busy_timeout(db, 5000); // the concentrator's own poller may hold the lock for a moment
  auto t = std::make_unique<local_target>(db, file.string());
  if (auto err = t->exec("PRAGMA foreign_keys=ON"))
    return err;
  if (create && (memory || !exists))
    if (auto err = t->exec("BEGIN IMMEDIATE;" + create_schema_sql() + "COMMIT;"))
      return err;
  return std::unique_ptr<target>{std::move(t)};
}

} // namespace meterhub::um40

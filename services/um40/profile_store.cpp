#include "profile_store.hpp"

#include <sqlite3.h>

#include "meterhub/um40/error.hpp"

namespace meterhub::um40_service {

namespace {

constexpr const char* schema = "CREATE TABLE IF NOT EXISTS profile_points (device TEXT NOT NULL, time INTEGER NOT NULL,"
                               " a_plus REAL, a_minus REAL, r_plus REAL, r_minus REAL, flags INTEGER NOT NULL,"
                               " PRIMARY KEY (device, time)) WITHOUT ROWID";

caf::error failed(sqlite3* db, const std::string& doing) {
  return make_error(um40::um40_errc::database, "profile points: " + doing + ": " + sqlite3_errmsg(db));
}

/// A prepared statement, finalized on every path.
struct prepared {
  prepared(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr); }
  ~prepared() { sqlite3_finalize(stmt); }
  prepared(const prepared&) = delete;
  prepared& operator=(const prepared&) = delete;
  sqlite3_stmt* stmt = nullptr;
};

caf::error exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK ? caf::error{} : failed(db, sql);
}

caf::error replace_device(sqlite3* db, const std::string& device, const um40::profile_points& points) {
  prepared erase{db, "DELETE FROM profile_points WHERE device = ?"};
  prepared insert{db, "INSERT INTO profile_points VALUES (?, ?, ?, ?, ?, ?, ?)"};
  if (!erase.stmt || !insert.stmt)
    return failed(db, "prepare");
  sqlite3_bind_text(erase.stmt, 1, device.data(), static_cast<int>(device.size()), SQLITE_STATIC);
  if (sqlite3_step(erase.stmt) != SQLITE_DONE)
    return failed(db, "delete");
  for (const auto& [time, point] : points) {
    sqlite3_reset(insert.stmt);
    sqlite3_bind_text(insert.stmt, 1, device.data(), static_cast<int>(device.size()), SQLITE_STATIC);
    sqlite3_bind_int64(insert.stmt, 2, time);
    for (int c = 0; c < 4; ++c) {
      if (const auto& v = point.cumulative[static_cast<std::size_t>(c)])
        sqlite3_bind_double(insert.stmt, 3 + c, *v);
      else
        sqlite3_bind_null(insert.stmt, 3 + c);
    }
    sqlite3_bind_int64(insert.stmt, 7, point.flags);
    if (sqlite3_step(insert.stmt) != SQLITE_DONE)
      return failed(db, "insert");
  }
  return {};
}

} // namespace

caf::expected<std::unique_ptr<profile_store>> profile_store::open(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.has_parent_path())
    std::filesystem::create_directories(file.parent_path(), ec);
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
    auto err = failed(db, "open " + file.string());
    sqlite3_close(db);
    return err;
  }
  std::unique_ptr<profile_store> store{new profile_store(db)};
  sqlite3_busy_timeout(db, 5000);
  if (auto err = exec(db, schema))
    return err;
  return store;
}

profile_store::~profile_store() {
  sqlite3_close(db_);
}

caf::expected<um40::device_profiles> profile_store::load() {
  prepared rows{db_, "SELECT device, time, a_plus, a_minus, r_plus, r_minus, flags FROM profile_points"};
  if (!rows.stmt)
    return failed(db_, "prepare");
  um40::device_profiles out;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(rows.stmt)) == SQLITE_ROW) {
    const auto* device = reinterpret_cast<const char*>(sqlite3_column_text(rows.stmt, 0));
    auto& point = out[device ? device : ""][sqlite3_column_int64(rows.stmt, 1)];
    for (int c = 0; c < 4; ++c)
      if (sqlite3_column_type(rows.stmt, 2 + c) != SQLITE_NULL)
        point.cumulative[static_cast<std::size_t>(c)] = sqlite3_column_double(rows.stmt, 2 + c);
    point.flags = static_cast<std::uint32_t>(sqlite3_column_int64(rows.stmt, 6));
  }
  if (rc != SQLITE_DONE)
    return failed(db_, "read");
  return out;
}

caf::error profile_store::save(const um40::device_profiles& changed) {
  if (changed.empty())
    return {};
  if (auto err = exec(db_, "BEGIN IMMEDIATE"))
    return err;
  for (const auto& [device, points] : changed)
    if (auto err = replace_device(db_, device, points)) {
      exec(db_, "ROLLBACK");
      return err;
    }
  if (auto err = exec(db_, "COMMIT")) {
    exec(db_, "ROLLBACK");
    return err;
  }
  return {};
}

} // namespace meterhub::um40_service

#include "meterhub/storage/sqlite_store.hpp"

#include <algorithm>
#include <unordered_map>

#include "sqlite_db.hpp"

namespace meterhub::storage {

const char* to_string(storage_errc code) noexcept {
  switch (code) {
    case storage_errc::cannot_open:
      return "cannot_open";
    case storage_errc::query_failed:
      return "query_failed";
    case storage_errc::unknown_device:
      return "unknown_device";
    case storage_errc::unknown_series:
      return "unknown_series";
  }
  return "unknown";
}

namespace {

using detail::database;
using detail::statement;

constexpr int schema_version = 1;

constexpr std::string_view schema_v1 = R"(
CREATE TABLE IF NOT EXISTS devices(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
  reading_count INTEGER NOT NULL DEFAULT 0, state BLOB, state_updated INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS series(
  id INTEGER PRIMARY KEY, device_id INTEGER NOT NULL REFERENCES devices(id), quantity TEXT NOT NULL,
  unit INTEGER NOT NULL, UNIQUE(device_id, quantity));
CREATE TABLE IF NOT EXISTS readings(
  series_id INTEGER NOT NULL, time_ms INTEGER NOT NULL, value REAL, flags INTEGER NOT NULL, text TEXT,
  PRIMARY KEY(series_id, time_ms)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS latest(
  series_id INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, value REAL, flags INTEGER NOT NULL, text TEXT);
)";

/// The newest reading of a series within one write call.
struct series_update {
  const reading* newest = nullptr;
};

/// What one write call changes for a device: its newest time and how many readings it gained.
struct device_update {
  std::int64_t last_ms = 0;
  std::int64_t added = 0;
};

/// A reading of one write call with its ids resolved, ready to insert.
struct pending_row {
  std::int64_t series = 0;
  std::int64_t device = 0;
  const reading* r = nullptr;
};

class sqlite_store final : public reading_store {
public:
  explicit sqlite_store(database db) : db_(std::move(db)) {}

  caf::error init(bool read_only);
  caf::expected<write_stats> write(std::span<const reading_batch> batches) override;
  caf::error put_device_state(const std::string& device, const std::string& state, std::int64_t updated) override;
  caf::expected<std::vector<device_info>> devices() override;
  caf::expected<std::vector<reading>> latest(const std::string& device,
                                             const std::vector<std::string>& quantities) override;
  caf::expected<range_result> range(const range_query& q) override;

private:
  caf::error migrate();
  caf::error prepare_writes();
  caf::error load_caches();
  caf::expected<std::int64_t> device_id(const std::string& name, std::int64_t seen_ms);
  caf::expected<std::int64_t> series_id(std::int64_t device, const reading& r);
  caf::error resolve(const reading_batch& b, std::vector<pending_row>& rows,
                     std::unordered_map<std::int64_t, device_update>& devices);
  caf::error insert_rows(std::vector<pending_row>& rows, write_stats& stats,
                         std::unordered_map<std::int64_t, series_update>& newest,
                         std::unordered_map<std::int64_t, device_update>& devices);
  caf::error touch_devices(const std::unordered_map<std::int64_t, device_update>& devices);
  caf::error update_latest(const std::unordered_map<std::int64_t, series_update>& newest);
  caf::expected<std::int64_t> find_device(const std::string& name);
  void forget_new_ids();

  database db_;
  statement insert_reading_, insert_device_, insert_series_, upsert_latest_, touch_device_;
  std::unordered_map<std::string, std::int64_t> devices_;
  std::unordered_map<std::string, std::int64_t> series_; ///< key: device id + '\0' + quantity
  std::vector<std::string> new_devices_, new_series_;    ///< cache entries of the open transaction
};

caf::error sqlite_store::init(bool read_only) {
  if (!read_only) {
    if (auto err = db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"))
      return make_error(storage_errc::cannot_open, describe(err));
    if (auto err = migrate())
      return err;
    if (auto err = prepare_writes())
      return err;
  }
  return load_caches();
}

caf::error sqlite_store::migrate() {
  auto version = db_.prepare("PRAGMA user_version");
  if (!version)
    return make_error(storage_errc::cannot_open, describe(version.error()));
  caf::error err;
  const auto current = version->step(err) ? version->int64(0) : 0;
  if (err)
    return make_error(storage_errc::cannot_open, describe(err));
  if (current > schema_version)
    return make_error(storage_errc::cannot_open, "the database has schema version " + std::to_string(current) +
                                                   ", newer than this program's " + std::to_string(schema_version));
  if (current == schema_version)
    return {};
  if (auto e = db_.exec(std::string{"BEGIN;"} + std::string{schema_v1} + "PRAGMA user_version=1; COMMIT;"))
    return e;
  return {};
}

caf::error sqlite_store::prepare_writes() {
  struct item {
    statement* target;
    std::string_view sql;
  };
  const item items[] = {
    {&insert_reading_, "INSERT INTO readings(series_id, time_ms, value, flags, text) VALUES(?,?,?,?,?) "
                       "ON CONFLICT DO NOTHING"},
    {&insert_device_, "INSERT INTO devices(name, first_seen, last_seen) VALUES(?,?,?)"},
    {&insert_series_, "INSERT INTO series(device_id, quantity, unit) VALUES(?,?,?)"},
    {&upsert_latest_, "INSERT INTO latest(series_id, time_ms, value, flags, text) VALUES(?,?,?,?,?) "
                      "ON CONFLICT(series_id) DO UPDATE SET time_ms=excluded.time_ms, value=excluded.value, "
                      "flags=excluded.flags, text=excluded.text WHERE excluded.time_ms >= latest.time_ms"},
    {&touch_device_, "UPDATE devices SET last_seen=max(last_seen, ?2), reading_count=reading_count+?3 WHERE id=?1"},
  };
  for (const auto& it : items) {
    auto st = db_.prepare(it.sql);
    if (!st)
      return st.error();
    *it.target = std::move(*st);
  }
  return {};
}

caf::error sqlite_store::load_caches() {
  auto devices = db_.prepare("SELECT id, name FROM devices");
  auto series = db_.prepare("SELECT id, device_id, quantity FROM series");
  if (!devices || !series)
    return make_error(storage_errc::cannot_open, "not a meterhub database (no devices/series tables)");
  caf::error err;
  while (devices->step(err))
    devices_[devices->text(1)] = devices->int64(0);
  while (!err && series->step(err))
    series_[std::to_string(series->int64(1)) + '\0' + series->text(2)] = series->int64(0);
  if (err)
    return make_error(storage_errc::cannot_open, describe(err));
  return {};
}

caf::expected<std::int64_t> sqlite_store::device_id(const std::string& name, std::int64_t seen_ms) {
  if (auto it = devices_.find(name); it != devices_.end())
    return it->second;
  caf::error err;
  insert_device_.reset();
  insert_device_.bind(1, name).bind(2, seen_ms).bind(3, seen_ms).step(err);
  if (err)
    return err;
  const auto id = db_.last_insert_rowid();
  devices_[name] = id;
  new_devices_.push_back(name);
  return id;
}

caf::expected<std::int64_t> sqlite_store::series_id(std::int64_t device, const reading& r) {
  std::string key = std::to_string(device);
  key += '\0';
  key += r.quantity;
  if (auto it = series_.find(key); it != series_.end())
    return it->second;
  caf::error err;
  insert_series_.reset();
  insert_series_.bind(1, device).bind(2, std::string_view{r.quantity}).bind(3, std::int64_t{static_cast<int>(r.unit)});
  insert_series_.step(err);
  if (err)
    return err;
  const auto id = db_.last_insert_rowid();
  new_series_.push_back(key);
  series_.emplace(std::move(key), id);
  return id;
}

void bind_value(statement& st, const reading& r) {
  if (r.value)
    st.bind(3, *r.value);
  else
    st.bind_null(3);
  st.bind(4, std::int64_t{r.flags});
  if (r.text.empty())
    st.bind_null(5);
  else
    st.bind(5, std::string_view{r.text});
}

caf::error sqlite_store::resolve(const reading_batch& b, std::vector<pending_row>& rows,
                                 std::unordered_map<std::int64_t, device_update>& devices) {
  std::int64_t first_ms = b.received_ms;
  std::int64_t last_ms = b.received_ms;
  for (const auto& r : b.readings) {
    first_ms = std::min(first_ms, r.time_ms);
    last_ms = std::max(last_ms, r.time_ms);
  }
  auto dev = device_id(b.device, first_ms);
  if (!dev)
    return dev.error();
  auto& update = devices[*dev];
  update.last_ms = std::max(update.last_ms, last_ms);
  for (const auto& r : b.readings) {
    auto sid = series_id(*dev, r);
    if (!sid)
      return sid.error();
    rows.push_back({*sid, *dev, &r});
  }
  return {};
}

caf::error sqlite_store::insert_rows(std::vector<pending_row>& rows, write_stats& stats,
                                     std::unordered_map<std::int64_t, series_update>& newest,
                                     std::unordered_map<std::int64_t, device_update>& devices) {
  // In key order: each leaf page of the readings table is then touched once per transaction, not once per batch
  // that has a row on it (twice the insert rate for many devices, with SQLite's default 2 MB page cache). Stable:
  // of two readings with one key in a call, the first to arrive wins, as it would unsorted.
  std::stable_sort(rows.begin(), rows.end(), [](const pending_row& a, const pending_row& b) {
    return a.series != b.series ? a.series < b.series : a.r->time_ms < b.r->time_ms;
  });
  caf::error err;
  for (const auto& row : rows) {
    insert_reading_.reset();
    insert_reading_.bind(1, row.series).bind(2, row.r->time_ms);
    bind_value(insert_reading_, *row.r);
    insert_reading_.step(err);
    if (err)
      return err;
    if (db_.changes() == 0) {
      ++stats.duplicates;
      continue;
    }
    ++stats.inserted;
    ++devices[row.device].added;
    auto& slot = newest[row.series];
    if (slot.newest == nullptr || row.r->time_ms >= slot.newest->time_ms)
      slot.newest = row.r;
  }
  return {};
}

caf::error sqlite_store::touch_devices(const std::unordered_map<std::int64_t, device_update>& devices) {
  caf::error err;
  for (const auto& [dev, update] : devices) {
    touch_device_.reset();
    touch_device_.bind(1, dev).bind(2, update.last_ms).bind(3, update.added).step(err);
    if (err)
      return err;
  }
  return {};
}

caf::error sqlite_store::update_latest(const std::unordered_map<std::int64_t, series_update>& newest) {
  caf::error err;
  for (const auto& [sid, upd] : newest) {
    upsert_latest_.reset();
    upsert_latest_.bind(1, sid).bind(2, upd.newest->time_ms);
    bind_value(upsert_latest_, *upd.newest);
    upsert_latest_.step(err);
    if (err)
      return err;
  }
  return {};
}

void sqlite_store::forget_new_ids() {
  for (const auto& name : new_devices_)
    devices_.erase(name);
  for (const auto& key : new_series_)
    series_.erase(key);
}

caf::expected<write_stats> sqlite_store::write(std::span<const reading_batch> batches) {
  new_devices_.clear();
  new_series_.clear();
  if (auto err = db_.exec("BEGIN"))
    return err;
  write_stats stats;
  std::vector<pending_row> rows;
  std::unordered_map<std::int64_t, device_update> devices;
  std::unordered_map<std::int64_t, series_update> newest;
  caf::error err;
  for (const auto& b : batches)
    if ((err = resolve(b, rows, devices)))
      break;
  if (!err)
    err = insert_rows(rows, stats, newest, devices);
  if (!err)
    err = touch_devices(devices);
  if (!err)
    err = update_latest(newest);
  if (!err)
    err = db_.exec("COMMIT");
  if (err) {
    db_.exec("ROLLBACK");
    forget_new_ids(); // the rows behind them are gone with the transaction
    return err;
  }
  return stats;
}

caf::error sqlite_store::put_device_state(const std::string& device, const std::string& state,
                                          std::int64_t updated) {
  auto dev = device_id(device, updated);
  if (!dev)
    return dev.error();
  new_devices_.clear();
  auto st = db_.prepare("UPDATE devices SET state=?2, state_updated=?3 WHERE id=?1 AND state_updated <= ?3");
  if (!st)
    return st.error();
  caf::error err;
  st->bind(1, *dev).bind_blob(2, state).bind(3, updated).step(err);
  return err;
}

caf::expected<std::vector<device_info>> sqlite_store::devices() {
  auto st = db_.prepare("SELECT name, first_seen, last_seen, reading_count, state, state_updated FROM devices "
                        "ORDER BY name");
  if (!st)
    return st.error();
  std::vector<device_info> out;
  caf::error err;
  while (st->step(err))
    out.push_back(device_info{st->text(0), st->int64(1), st->int64(2),
                              static_cast<std::uint64_t>(st->int64(3)), st->text(4), st->int64(5)});
  if (err)
    return err;
  return out;
}

caf::expected<std::int64_t> sqlite_store::find_device(const std::string& name) {
  auto st = db_.prepare("SELECT id FROM devices WHERE name=?");
  if (!st)
    return st.error();
  caf::error err;
  st->bind(1, std::string_view{name});
  if (st->step(err))
    return st->int64(0);
  if (err)
    return err;
  return make_error(storage_errc::unknown_device, "'" + name + "'");
}

reading row_reading(const statement& st, int first_col, std::string quantity, meterhub::unit u) {
  reading r{std::move(quantity), std::nullopt, u, st.int64(first_col), 0, {}};
  if (!st.is_null(first_col + 1))
    r.value = st.real(first_col + 1);
  r.flags = static_cast<std::uint32_t>(st.int64(first_col + 2));
  r.text = st.text(first_col + 3);
  return r;
}

caf::expected<std::vector<reading>> sqlite_store::latest(const std::string& device,
                                                         const std::vector<std::string>& quantities) {
  auto dev = find_device(device);
  if (!dev)
    return dev.error();
  auto st = db_.prepare("SELECT s.quantity, s.unit, l.time_ms, l.value, l.flags, l.text FROM latest l "
                        "JOIN series s ON s.id = l.series_id WHERE s.device_id = ? ORDER BY s.quantity");
  if (!st)
    return st.error();
  st->bind(1, *dev);
  std::vector<reading> out;
  caf::error err;
  while (st->step(err)) {
    auto quantity = st->text(0);
    if (!quantities.empty() && std::find(quantities.begin(), quantities.end(), quantity) == quantities.end())
      continue;
    out.push_back(row_reading(*st, 2, std::move(quantity), static_cast<meterhub::unit>(st->int64(1))));
  }
  if (err)
    return err;
  return out;
}

caf::expected<range_result> sqlite_store::range(const range_query& q) {
  auto dev = find_device(q.device);
  if (!dev)
    return dev.error();
  auto series = db_.prepare("SELECT id, unit FROM series WHERE device_id=? AND quantity=?");
  if (!series)
    return series.error();
  caf::error err;
  series->bind(1, *dev).bind(2, std::string_view{q.quantity});
  if (!series->step(err))
    return err ? err : make_error(storage_errc::unknown_series, q.device + " has no " + q.quantity);
  const auto sid = series->int64(0);
  range_result out;
  out.unit = static_cast<meterhub::unit>(series->int64(1));
  const auto limit = static_cast<std::int64_t>(q.limit);
  if (q.bucket_ms <= 0) {
    auto st = db_.prepare("SELECT time_ms, value, flags, text FROM readings WHERE series_id=? AND time_ms>=? "
                          "AND time_ms<? ORDER BY time_ms LIMIT ?");
    if (!st)
      return st.error();
    st->bind(1, sid).bind(2, q.from_ms).bind(3, q.to_ms).bind(4, limit + 1);
    while (st->step(err))
      out.readings.push_back(row_reading(*st, 0, q.quantity, out.unit));
    if (out.readings.size() > q.limit) {
      out.readings.pop_back();
      out.truncated = true;
    }
  } else {
    // Buckets aligned to the epoch; "last" is the value of the newest reading in each bucket.
    auto st = db_.prepare(
      "SELECT b, COUNT(value), MIN(value), MAX(value), AVG(value), "
      " (SELECT r2.value FROM readings r2 WHERE r2.series_id=?1 AND r2.time_ms>=b AND r2.time_ms<b+?4 "
      "  AND r2.time_ms>=?2 AND r2.time_ms<?3 ORDER BY r2.time_ms DESC LIMIT 1) "
      "FROM (SELECT (time_ms - ((time_ms % ?4) + ?4) % ?4) AS b, value FROM readings "
      "      WHERE series_id=?1 AND time_ms>=?2 AND time_ms<?3) GROUP BY b ORDER BY b LIMIT ?5");
    if (!st)
      return st.error();
    st->bind(1, sid).bind(2, q.from_ms).bind(3, q.to_ms).bind(4, q.bucket_ms).bind(5, limit + 1);
    while (st->step(err)) {
      bucket b{st->int64(0), static_cast<std::uint64_t>(st->int64(1)), {}, {}, {}, {}};
      if (b.count > 0) {
        b.min = st->real(2);
        b.max = st->real(3);
        b.avg = st->real(4);
      }
      if (!st->is_null(5))
        b.last = st->real(5);
      out.buckets.push_back(b);
    }
    if (out.buckets.size() > q.limit) {
      out.buckets.pop_back();
      out.truncated = true;
    }
  }
  if (err)
    return err;
  return out;
}

} // namespace

caf::expected<std::unique_ptr<reading_store>> open_sqlite_store(const std::filesystem::path& file, bool read_only) {
  if (!read_only && file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
  }
  auto db = database::open(file.string(), read_only);
  if (!db)
    return db.error();
  auto store = std::make_unique<sqlite_store>(std::move(*db));
  if (auto err = store->init(read_only)) {
    if (err == storage_errc::query_failed)
      return make_error(storage_errc::cannot_open, file.string() + ": " + describe(err));
    return err;
  }
  return std::unique_ptr<reading_store>{std::move(store)};
}

} // namespace meterhub::storage

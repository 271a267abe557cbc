// Storage ingest: readings per second that meterhub-storage commits when they arrive through a real Mosquitto,
// against the raw SQLite insert rate for the same schema, measured in the same run on the same machine.
//
// The workload is ReadingBatches shaped like DSMR 5 three-phase telegrams with gas (the same quantities and units),
// from many devices, one batch per telegram. A plain Paho client publishes them QoS 1 as fast as the broker takes
// them; meterhub-storage (the real program, default settings) subscribes through its shared, durable subscription
// and writes; the rate is readings committed from the first publish to the last commit, read off its /metrics.
// The raw rate is prepared INSERTs of the same rows into the `readings` table of a database the store created, in
// transactions of the same size as the writer's (20,000 readings), with the same pragmas: once in arrival order,
// once sorted by key within each transaction (what meterhub-storage does), so the comparison is fair both ways.
//
// Usage: storage_ingest_bench [readings per run (default 1000000)] [runs (default 3)]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include <mqtt/async_client.h>
#include <sqlite3.h>

#include "meterhub/dsmr/readings.hpp"
#include "meterhub/dsmr/telegram.hpp"
#include "meterhub/storage/sqlite_store.hpp"
#include "meterhub/wire/convert.hpp"
#include "platform.hpp"

using namespace meterhub;
using namespace std::chrono_literals;
using seconds_d = std::chrono::duration<double>;

namespace {

constexpr std::size_t transaction_readings = 20'000; // meterhub-storage's storage.batch_readings default
constexpr int device_count = 50;

/// The valued readings of one real DSMR 5 telegram: the shape every batch of the workload takes.
std::vector<reading> telegram_shape() {
  std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/dsmr/dsmr5-three-phase-gas.txt", std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto t = dsmr::parse_telegram(text);
  if (!t) {
    std::fprintf(stderr, "cannot parse the sample telegram\n");
    std::exit(1);
  }
  std::vector<reading> out;
  for (auto& r : dsmr::to_readings(*t, {}))
    if (r.value)
      out.push_back(std::move(r));
  return out;
}

/// `total` readings (rounded up to whole batches) from `device_count` meters, one telegram per meter per second.
std::vector<reading_batch> make_workload(std::size_t total, std::int64_t start_ms) {
  const auto shape = telegram_shape();
  std::vector<reading_batch> batches;
  for (std::size_t made = 0, i = 0; made < total; ++i) {
    reading_batch b;
    b.device = "bench-" + std::to_string(i % device_count);
    b.source = "bench/1";
    b.sequence = i + 1;
    const std::int64_t t = start_ms + static_cast<std::int64_t>(i / device_count) * 1000;
    b.received_ms = t;
    b.readings = shape;
    for (auto& r : b.readings) {
      r.time_ms = t;
      *r.value += static_cast<double>(i % 977);
    }
    made += b.readings.size();
    batches.push_back(std::move(b));
  }
  return batches;
}

std::size_t count_readings(const std::vector<reading_batch>& batches) {
  std::size_t n = 0;
  for (const auto& b : batches)
    n += b.readings.size();
  return n;
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE) {
    std::fprintf(stderr, "sqlite: %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

/// Prepared INSERTs of every reading into the store's own schema; readings per second. `key_order`: each
/// transaction's rows sorted by (series, time) first, as meterhub-storage does; otherwise in arrival order.
double raw_sqlite_rate(const std::vector<reading_batch>& batches, const std::filesystem::path& file, bool key_order) {
  if (auto store = storage::open_sqlite_store(file); !store) { // creates the schema exactly as the service has it
    std::fprintf(stderr, "cannot create %s\n", file.c_str());
    std::exit(1);
  }
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr), db,
        "pragmas");
  std::map<std::pair<std::string, std::string>, sqlite3_int64> series;
  sqlite3_stmt* add_device = nullptr;
  sqlite3_stmt* add_series = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO devices(name, first_seen, last_seen) VALUES(?1,0,0)", -1,
                           &add_device, nullptr),
        db, "prepare");
  check(sqlite3_prepare_v2(db, "INSERT INTO series(device_id, quantity, unit) SELECT id, ?2, 0 FROM devices "
                               "WHERE name=?1",
                           -1, &add_series, nullptr),
        db, "prepare");
  check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  for (const auto& b : batches) // series rows first, as a running store has them already
    for (const auto& r : b.readings) {
      auto key = std::make_pair(b.device, r.quantity);
      if (series.count(key))
        continue;
      for (auto* st : {add_device, add_series}) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, b.device.c_str(), -1, SQLITE_TRANSIENT);
        if (st == add_series)
          sqlite3_bind_text(st, 2, r.quantity.c_str(), -1, SQLITE_TRANSIENT);
        check(sqlite3_step(st), db, "series");
      }
      series[key] = sqlite3_last_insert_rowid(db);
    }
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  sqlite3_finalize(add_device);
  sqlite3_finalize(add_series);
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO readings(series_id, time_ms, value, flags, text) VALUES(?,?,?,?,NULL)",
                           -1, &insert, nullptr),
        db, "prepare");
  struct row {
    sqlite3_int64 series;
    const reading* r;
  };
  std::vector<row> transaction;
  std::size_t written = 0;
  auto commit = [&] {
    if (key_order)
      std::stable_sort(transaction.begin(), transaction.end(), [](const row& a, const row& b) {
        return a.series != b.series ? a.series < b.series : a.r->time_ms < b.r->time_ms;
      });
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    for (const auto& [sid, r] : transaction) {
      sqlite3_reset(insert);
      sqlite3_bind_int64(insert, 1, sid);
      sqlite3_bind_int64(insert, 2, r->time_ms);
      sqlite3_bind_double(insert, 3, *r->value);
      sqlite3_bind_int64(insert, 4, r->flags);
      check(sqlite3_step(insert), db, "insert");
      ++written;
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    transaction.clear();
  };
  const auto started = std::chrono::steady_clock::now();
  for (const auto& b : batches) {
    for (const auto& r : b.readings)
      transaction.push_back({series[{b.device, r.quantity}], &r});
    if (transaction.size() >= transaction_readings)
      commit();
  }
  if (!transaction.empty())
    commit();
  const seconds_d took = std::chrono::steady_clock::now() - started;
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return static_cast<double>(written) / took.count();
}

/// The store's own write path (series registry, latest values, duplicate detection) without the bus.
double store_rate(const std::vector<reading_batch>& batches, const std::filesystem::path& file) {
  auto store = storage::open_sqlite_store(file);
  if (!store)
    std::exit(1);
  const auto started = std::chrono::steady_clock::now();
  std::size_t first = 0, in_transaction = 0;
  for (std::size_t i = 0; i < batches.size(); ++i)
    if ((in_transaction += batches[i].readings.size()) >= transaction_readings || i + 1 == batches.size()) {
      if (!(*store)->write(std::span{batches}.subspan(first, i + 1 - first)))
        std::exit(1);
      first = i + 1;
      in_transaction = 0;
    }
  const seconds_d took = std::chrono::steady_clock::now() - started;
  return static_cast<double>(count_readings(batches)) / took.count();
}

struct broker_result {
  double readings_per_second = 0;
  double publish_seconds = 0;
  testing::memory_use storage_idle, storage_loaded;
};

std::uint64_t written(int metrics_port) {
  return it::metric_value(it::metrics_of(metrics_port), "meterhub_storage_readings_written_total");
}

/// Publishes every batch QoS 1 with a bounded window of unacknowledged messages.
void publish_all(const std::string& url, const std::vector<std::string>& payloads,
                 const std::vector<std::string>& topics) {
  constexpr std::size_t window_size = 1000;
  mqtt::async_client client(url, "bench-publisher", mqtt::create_options(MQTTVERSION_5, 2 * window_size), nullptr);
  auto opts = mqtt::connect_options_builder()
                .mqtt_version(MQTTVERSION_5)
                .clean_start(true)
                .max_inflight(static_cast<int>(window_size))
                .finalize();
  client.connect(opts)->wait_for(10s);
  std::deque<mqtt::delivery_token_ptr> window;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    if (window.size() >= window_size) {
      window.front()->wait_for(30s);
      window.pop_front();
    }
    window.push_back(client.publish(topics[i], payloads[i].data(), payloads[i].size(), 1, false));
  }
  for (auto& tok : window)
    tok->wait_for(30s);
  client.disconnect()->wait_for(5s);
}

broker_result broker_rate(const std::vector<reading_batch>& batches) {
  it::platform p{"info"};
  p.start_storage();
  const int port = p.storage_metrics_port();
  if (!testing::eventually(
        [&] { return it::metric_value(it::metrics_of(port), "meterhub_bus_connected") == 1; }, 20s)) {
    std::fprintf(stderr, "storage did not connect: %s\n", p.storage().stderr_text().c_str());
    std::exit(1);
  }
  std::this_thread::sleep_for(1s);
  broker_result out;
  out.storage_idle = testing::memory_of(p.storage().pid());
  std::vector<std::string> payloads, topics;
  for (const auto& b : batches) {
    payloads.push_back(wire::encode_batch(b));
    topics.push_back("meterhub/v1/readings/" + b.device);
  }
  const auto total = count_readings(batches);
  const auto started = std::chrono::steady_clock::now();
  publish_all(p.broker().url(), payloads, topics);
  out.publish_seconds = seconds_d(std::chrono::steady_clock::now() - started).count();
  if (!testing::eventually([&] { return written(port) >= total; }, 300s)) {
    std::fprintf(stderr, "storage committed %llu of %zu readings\n", static_cast<unsigned long long>(written(port)),
                 total);
    std::exit(1);
  }
  const seconds_d took = std::chrono::steady_clock::now() - started;
  out.readings_per_second = static_cast<double>(total) / took.count();
  out.storage_loaded = testing::memory_of(p.storage().pid());
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  const auto batches = make_workload(total, 1'717'400'000'000);
  std::printf("workload: %zu readings in %zu batches of %zu (DSMR 5 telegram shape) from %d devices\n",
              count_readings(batches), batches.size(), batches.front().readings.size(), device_count);
  std::vector<double> raw, raw_sorted, store, broker, ratios, ratios_sorted;
  std::uint64_t idle_kib = 0, peak_kib = 0;
  for (int run = 1; run <= runs; ++run) {
    testing::temp_dir dir{"meterhub-bench"};
    raw.push_back(raw_sqlite_rate(batches, dir / "raw.db", false));
    raw_sorted.push_back(raw_sqlite_rate(batches, dir / "raw-sorted.db", true));
    store.push_back(store_rate(batches, dir / "store.db"));
    const auto b = broker_rate(batches);
    broker.push_back(b.readings_per_second);
    ratios.push_back(broker.back() / raw.back());
    ratios_sorted.push_back(broker.back() / raw_sorted.back());
    idle_kib = std::max(idle_kib, b.storage_idle.resident_kib);
    peak_kib = std::max(peak_kib, b.storage_loaded.peak_resident_kib);
    std::printf("run %d: raw SQLite %.0f/s (in key order %.0f/s), store.write %.0f/s, through the broker %.0f/s "
                "(published in %.2f s), ratio %.2f (%.2f); storage RSS idle %llu KiB, peak %llu KiB\n",
                run, raw.back(), raw_sorted.back(), store.back(), broker.back(), b.publish_seconds, ratios.back(),
                ratios_sorted.back(),
                static_cast<unsigned long long>(b.storage_idle.resident_kib),
                static_cast<unsigned long long>(b.storage_loaded.peak_resident_kib));
  }
  std::printf("storage_ingest: median %.0f readings/s through the broker (target >= 200000), raw SQLite %.0f/s "
              "(in key order %.0f/s), store.write %.0f/s, ratio to raw %.2f (target >= 0.5), to raw in key order "
              "%.2f\n",
              median(broker), median(raw), median(raw_sorted), median(store), median(ratios), median(ratios_sorted));
  std::printf("storage_memory: idle %.1f MB, peak under load %.1f MB (target <= 30 MB)\n", idle_kib / 1024.0,
              peak_kib / 1024.0);
  return 0;
}

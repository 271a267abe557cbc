#include "meterhub/storage/sqlite_store.hpp"

#include <fstream>
#include <random>

#include <catch2/catch.hpp>

using namespace meterhub;
using namespace meterhub::storage;

namespace {

struct temp_db {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("mh-store-" + std::to_string(std::random_device{}()));
  std::filesystem::path file = dir / "sub" / "meterhub.db";
  ~temp_db() { std::filesystem::remove_all(dir); }
};

std::unique_ptr<reading_store> open(const temp_db& db) {
  auto s = open_sqlite_store(db.file);
  REQUIRE(s);
  return std::move(*s);
}

reading value(std::string q, double v, std::int64_t t, unit u = unit::wh) {
  return reading{std::move(q), v, u, t, 0, {}};
}

reading_batch batch(std::string device, std::uint64_t seq, std::vector<reading> rs) {
  return reading_batch{std::move(device), "p1/test", seq, 0, std::move(rs)};
}

} // namespace

TEST_CASE("written readings come back, and writing them again changes nothing") {
  temp_db db;
  auto store = open(db);
  std::vector<reading_batch> batches{batch("p1-a", 1, {value("1-0:1.8.1", 100, 1000), value("1-0:1.7.0", 5, 1000, unit::w)}),
                                     batch("p1-a", 2, {value("1-0:1.8.1", 110, 2000), value("1-0:1.7.0", 7, 2000, unit::w)})};
  auto first = store->write(batches);
  REQUIRE(first);
  CHECK(first->inserted == 4);
  CHECK(first->duplicates == 0);
  auto again = store->write(batches);
  REQUIRE(again);
  CHECK(again->inserted == 0);
  CHECK(again->duplicates == 4);
  std::vector<reading_batch> overlap{batch("p1-a", 3, {value("1-0:1.8.1", 110, 2000), value("1-0:1.8.1", 120, 3000)})};
  auto partly = store->write(overlap);
  CHECK(partly->inserted == 1);
  CHECK(partly->duplicates == 1);
  auto devices = store->devices();
  REQUIRE(devices);
  REQUIRE(devices->size() == 1);
  CHECK((*devices)[0].name == "p1-a");
  CHECK((*devices)[0].reading_count == 5);
  CHECK((*devices)[0].first_seen_ms == 0);
  CHECK((*devices)[0].last_seen_ms == 3000);
}

TEST_CASE("latest only moves forward and keeps units, flags and text") {
  temp_db db;
  auto store = open(db);
  reading text{"0-0:96.1.1", std::nullopt, unit::none, 500, 0, "E0043007"};
  reading flagged = value("1-0:1.8.1", 200, 2000);
  flagged.set(flag::summer_time);
  std::vector<reading_batch> b1{batch("d", 1, {flagged, text})};
  REQUIRE(store->write(b1));
  std::vector<reading_batch> older{batch("d", 2, {value("1-0:1.8.1", 150, 1000)})};
  REQUIRE(store->write(older));
  auto latest = store->latest("d", {});
  REQUIRE(latest);
  REQUIRE(latest->size() == 2);
  CHECK((*latest)[0] == text); // ordered by quantity
  CHECK((*latest)[1] == flagged);
  auto only = store->latest("d", {"0-0:96.1.1"});
  REQUIRE(only->size() == 1);
  auto unknown = store->latest("nobody", {});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error() == storage_errc::unknown_device);
}

TEST_CASE("ranges: raw in time order with a limit, and buckets with min/max/avg/last/count") {
  temp_db db;
  auto store = open(db);
  std::vector<reading> rs;
  for (int i = 0; i < 10; ++i) // one reading every 10 s, values 0..9
    rs.push_back(value("1-0:1.7.0", i, 1'000'000 + i * 10'000, unit::w));
  std::vector<reading_batch> b{batch("d", 1, rs)};
  REQUIRE(store->write(b));
  range_query raw{"d", "1-0:1.7.0", 1'000'000, 1'050'000, 0, 100};
  auto r = store->range(raw);
  REQUIRE(r);
  REQUIRE(r->readings.size() == 5);
  CHECK(r->readings.front().value == 0);
  CHECK(r->readings.back().value == 4);
  CHECK(r->unit == unit::w);
  CHECK_FALSE(r->truncated);
  raw.limit = 3;
  auto cut = store->range(raw);
  CHECK(cut->readings.size() == 3);
  CHECK(cut->truncated);
  range_query buckets{"d", "1-0:1.7.0", 1'000'000, 1'100'000, 30'000, 100};
  auto agg = store->range(buckets);
  REQUIRE(agg);
  // buckets aligned to the epoch: [990000,1020000) holds 0,1; [1020000,1050000) holds 2,3,4; ...
  REQUIRE(agg->buckets.size() == 4);
  CHECK(agg->buckets[0].start_ms == 990'000);
  CHECK(agg->buckets[0].count == 2);
  CHECK(agg->buckets[1].count == 3);
  CHECK(agg->buckets[1].min == 2);
  CHECK(agg->buckets[1].max == 4);
  CHECK(agg->buckets[1].avg == 3);
  CHECK(agg->buckets[1].last == 4);
  CHECK(agg->buckets[3].last == 9);
  auto missing = store->range({"d", "1-0:2.7.0", 0, 1, 0, 10});
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == storage_errc::unknown_series);
}

TEST_CASE("device states keep the newest") {
  temp_db db;
  auto store = open(db);
  REQUIRE_FALSE(store->put_device_state("d", "state-2", 2000));
  REQUIRE_FALSE(store->put_device_state("d", "state-1", 1000));
  auto devices = store->devices();
  REQUIRE(devices->size() == 1);
  CHECK((*devices)[0].state == "state-2");
  CHECK((*devices)[0].state_updated_ms == 2000);
}

TEST_CASE("reopening keeps the data and the id caches, a reader sees the writer's data") {
  temp_db db;
  {
    auto store = open(db);
    std::vector<reading_batch> b{batch("d", 1, {value("q", 1, 1)})};
    REQUIRE(store->write(b));
  }
  auto store = open(db);
  std::vector<reading_batch> b{batch("d", 2, {value("q", 1, 1), value("q", 2, 2)})};
  auto stats = store->write(b);
  REQUIRE(stats);
  CHECK(stats->inserted == 1);
  CHECK(stats->duplicates == 1);
  auto reader = open_sqlite_store(db.file, true);
  REQUIRE(reader);
  CHECK((*reader)->latest("d", {})->front().value == 2);
  CHECK((*reader)->devices()->size() == 1);
}

TEST_CASE("a file that is not a database is refused with a clear error") {
  temp_db db;
  std::filesystem::create_directories(db.file.parent_path());
  std::ofstream(db.file) << "this is not an SQLite database, just some text that fills a page or so......";
  auto s = open_sqlite_store(db.file);
  REQUIRE_FALSE(s);
  CHECK(describe(s.error()).find("storage: cannot_open") == 0);
}

TEST_CASE("within one write, rows go in key order, counts stay per device and the first of two equal keys wins") {
  temp_db db;
  auto store = open(db);
  // Interleaved devices and series, later times first, and one key twice with different values.
  std::vector<reading_batch> batches{
    batch("p1-b", 1, {value("1-0:1.8.1", 300, 3000), value("1-0:1.7.0", 9, 3000, unit::w)}),
    batch("p1-a", 1, {value("1-0:1.8.1", 200, 2000)}),
    batch("p1-b", 2, {value("1-0:1.8.1", 100, 1000), value("1-0:1.8.1", 999, 3000)}),
    batch("p1-a", 2, {value("1-0:1.8.1", 100, 1000)})};
  auto stats = store->write(batches);
  REQUIRE(stats);
  CHECK(stats->inserted == 5);
  CHECK(stats->duplicates == 1);
  auto range = store->range({"p1-b", "1-0:1.8.1", 0, 10'000, 0, 100});
  REQUIRE(range);
  REQUIRE(range->readings.size() == 2);
  CHECK(range->readings[0].value == 100);
  CHECK(range->readings[1].value == 300); // arrived first; 999 is the redelivery that lost
  auto devices = store->devices();
  REQUIRE(devices);
  REQUIRE(devices->size() == 2);
  CHECK((*devices)[0].reading_count == 2); // p1-a
  CHECK((*devices)[0].last_seen_ms == 2000);
  CHECK((*devices)[1].reading_count == 3); // p1-b
  CHECK((*devices)[1].last_seen_ms == 3000);
  auto latest = store->latest("p1-b", {"1-0:1.8.1"});
  REQUIRE(latest);
  REQUIRE(latest->size() == 1);
  CHECK((*latest)[0].value == 300);
}

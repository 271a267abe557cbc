// UM-40 injector: how fast test records go into a UM-40 SMART meter.db, here (libsqlite3, prepared statements) and
// on a "concentrator" behind a real sshd, where the sqlite3 command-line shell writes them as it does on a device; and
// how long one meter's month of half-hour profiles (30 × 48 ElArr1ConsPower records) takes to fill.
//
// Every write takes the library's own path: records shaped by the reference generator (`um40::generate`, fixed seed
// and `now`), their statements (`um40::write_record`) and `target::write`, one transaction per batch. The records/s
// figures time the writes only (records and statements are made before the clock starts); the month figure times
// everything `meterhub-um40 generate ElArr1ConsPower --count 1440 --meter-id M` does on a database without that
// meter, from opening the target (for SSH: the connection) to the last commit. After every write the benchmark
// counts headers and value rows in the file with libsqlite3 (not through the code under test) and exits non-zero
// when a count is wrong, so a write that did not happen never prints a figure; writing the same batches a second
// time (re-injection) must add no row.
//
// Usage: um40_bench [records per figure (default 5000)] [runs (default 5)]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "meterhub/core/error.hpp"
#include "meterhub/testing/process.hpp"
#include "meterhub/testing/sshd.hpp"
#include "meterhub/um40/generator.hpp"
#include "meterhub/um40/schema.hpp"
#include "meterhub/um40/statements.hpp"
#include "meterhub/um40/target.hpp"

using namespace meterhub;
using namespace std::chrono_literals;
using seconds_d = std::chrono::duration<double>;

namespace {

constexpr std::int64_t now = 1'795'435'200; // 2026-11-23T12:00:00Z: every run writes the same rows
constexpr std::uint64_t seed = 40;
constexpr std::int64_t meter_id = 1001;
constexpr std::size_t generator_batch = 150; // meterhub-um40 generate's --batch default (the reference generator's)
constexpr int month_records = 30 * 48;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "um40_bench: %s\n", what.c_str());
  std::exit(1);
}

void checked(const caf::error& err, const std::string& doing) {
  if (err)
    fail(doing + ": " + describe(err));
}

template <class T>
T checked(caf::expected<T> x, const std::string& doing) {
  if (!x)
    fail(doing + ": " + describe(x.error()));
  return std::move(*x);
}

const um40::record_type& type_named(std::string_view name) {
  const auto* t = um40::find_record_type(name);
  if (!t)
    fail("no record type " + std::string{name});
  return *t;
}

// --- counting rows, with libsqlite3 on the file ---

std::int64_t count(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
    fail("counting in " + file.string() + ": " + sqlite3_errmsg(db) + " (" + sql + ")");
  const auto n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

struct row_counts {
  std::int64_t headers = 0; ///< MeterData rows of the type
  std::int64_t values = 0;  ///< its value rows
  std::int64_t all = 0;     ///< MeterTable + MeterData + ElectricConfig + the type's value table
  bool operator==(const row_counts&) const = default;
};

row_counts counts(const std::filesystem::path& file, const um40::record_type& type) {
  const std::string table{um40::layout_of(type.table).sql_name};
  const std::string of_type = " JOIN ArchTypes a ON a.Id = d.RecordTypeId WHERE a.Name = '" + std::string{type.name} +
                              "'";
  return {count(file, "SELECT COUNT(*) FROM MeterData d" + of_type),
          count(file, "SELECT COUNT(*) FROM " + table + " v JOIN MeterData d ON d.Id = v.Id" + of_type),
          count(file, "SELECT (SELECT COUNT(*) FROM MeterTable) + (SELECT COUNT(*) FROM MeterData) + (SELECT "
                      "COUNT(*) FROM ElectricConfig) + (SELECT COUNT(*) FROM " + table + ")")};
}

std::int64_t rows_per_record(const um40::record_type& type) {
  return static_cast<std::int64_t>(um40::layout_of(type.table).rows.size());
}

// --- what the injector sends ---

std::vector<um40::statement> statements_of(std::span<const um40::record> records) {
  std::vector<um40::statement> out;
  for (const auto& r : records) {
    auto batch = checked(um40::write_record(r, true), "the statements of a record");
    out.insert(out.end(), batch.begin(), batch.end());
  }
  return out;
}

/// Records [from, from + n) of `all`, fewer at the end.
std::span<const um40::record> slice(const std::vector<um40::record>& all, std::size_t from, std::size_t n) {
  return std::span{all}.subspan(from, std::min(n, all.size() - from));
}

/// `records` generated records of one type for the one meter, cut into batches of `batch_records`.
struct workload {
  const um40::record_type* type;
  std::size_t records;
  std::size_t batch_records;
  std::vector<std::vector<um40::statement>> batches;
};

workload make_workload(std::string_view type_name, std::size_t records, std::size_t batch_records) {
  const auto& type = type_named(type_name);
  std::mt19937_64 rng(seed);
  const auto generated = um40::generate({&type, static_cast<int>(records), meter_id, now, 0min, 30}, rng);
  workload w{&type, generated.size(), batch_records, {}};
  for (std::size_t from = 0; from < generated.size(); from += batch_records)
    w.batches.push_back(statements_of(slice(generated, from, batch_records)));
  return w;
}

// --- the meter row and its config, as services/um40/commands.cpp makes them ---

std::optional<std::string> single(um40::target& db, const um40::statement& q) {
  auto rows = checked(db.query(q, 1), "a query on " + db.where());
  return rows.empty() ? std::nullopt : rows[0][0];
}

void ensure_meter(um40::target& db, const um40::meter& m) {
  if (single(db, um40::device_index(m.meter_id)))
    return;
  if (!single(db, um40::meter_type_id(m.type_name)) || !single(db, um40::interface_id(m.interface_name)))
    fail(db.where() + " does not know meter type " + m.type_name + " or interface " + m.interface_name);
  checked(db.write({um40::insert_meter(m)}), "the MeterTable row");
}

void ensure_config(um40::target& db, std::int64_t id, std::mt19937_64& rng) {
  const auto& config = type_named("ElConfig");
  if (single(db, um40::has_config(config, id)))
    return;
  auto records = um40::generate({&config, 1, id, 0, 0min, 30}, rng);
  checked(db.write(checked(um40::write_record(records.front(), false), "the ElConfig record")), "the ElConfig row");
}

/// A meter.db with the schema and, when `with_meter`, the benchmark's meter and its ElConfig row.
void make_database(const std::filesystem::path& file, bool with_meter) {
  auto db = checked(um40::open_local(file, true), "creating " + file.string());
  if (!with_meter)
    return;
  std::mt19937_64 rng(seed);
  ensure_meter(*db, um40::generate_meter(meter_id, rng));
  ensure_config(*db, meter_id, rng);
}

// --- targets ---

um40::ssh_target_settings box(const testing::sshd_server& sshd, const std::filesystem::path& file) {
  um40::ssh_target_settings s;
  s.endpoint.host = "127.0.0.1";
  s.endpoint.port = sshd.port();
  s.endpoint.user = sshd.user();
  s.endpoint.identity_file = sshd.client_key();
  s.endpoint.known_hosts = sshd.known_hosts();
  s.endpoint.host_keys = ssh::host_key_policy::strict;
  s.endpoint.connect_timeout = 5s;
  s.database = file.string();
  return s;
}

using opener = std::function<std::unique_ptr<um40::target>(const std::filesystem::path&)>;

opener local_opener() {
  return [](const std::filesystem::path& file) { return checked(um40::open_local(file, false), "open_local"); };
}

opener ssh_opener(const testing::sshd_server& sshd) {
  return [&sshd](const std::filesystem::path& file) { return checked(um40::open_ssh(box(sshd, file)), "open_ssh"); };
}

// --- the measurements ---

double write_all(um40::target& db, const workload& w) {
  const auto started = std::chrono::steady_clock::now();
  for (const auto& batch : w.batches)
    checked(db.write(batch), "a batch to " + db.where());
  return seconds_d(std::chrono::steady_clock::now() - started).count();
}

struct injection {
  double first = 0; ///< records/s into a database without them
  double again = 0; ///< records/s writing the same batches once more (adds nothing)
};

/// Writes the workload into a fresh database with the meter, then again; checks the rows after each pass.
injection inject(const opener& open, const std::filesystem::path& file, const workload& w) {
  make_database(file, true);
  auto db = open(file);
  const auto before = counts(file, *w.type);
  (void)single(*db, {"SELECT COUNT(*) FROM MeterTable", {}}); // an SSH target connects here, before the clock
  injection out{static_cast<double>(w.records) / write_all(*db, w), 0};
  const auto after = counts(file, *w.type);
  const auto n = static_cast<std::int64_t>(w.records);
  if (after.headers != before.headers + n || after.values != before.values + n * rows_per_record(*w.type))
    fail(db->where() + ": " + std::to_string(after.headers - before.headers) + " headers and " +
         std::to_string(after.values - before.values) + " value rows added for " + std::to_string(n) + " records");
  out.again = static_cast<double>(w.records) / write_all(*db, w);
  if (const auto again = counts(file, *w.type); !(again == after))
    fail(db->where() + ": re-injection changed the row count from " + std::to_string(after.all) + " to " +
         std::to_string(again.all));
  return out;
}

/// One meter's month as `meterhub-um40 generate` writes it: MeterTable and ElConfig rows after checking the names,
/// then 1440 ElArr1ConsPower records in batches of 150. Milliseconds from opening the target to the last commit.
double fill_month(const opener& open, const std::filesystem::path& file) {
  make_database(file, false);
  const auto& profile = type_named("ElArr1ConsPower");
  const auto started = std::chrono::steady_clock::now();
  auto db = open(file);
  std::mt19937_64 rng(seed);
  ensure_meter(*db, um40::generate_meter(meter_id, rng));
  ensure_config(*db, meter_id, rng);
  const auto records = um40::generate({&profile, month_records, meter_id, now, 0min, 30}, rng);
  for (std::size_t from = 0; from < records.size(); from += generator_batch)
    checked(db->write(statements_of(slice(records, from, generator_batch))), "a batch of the month to " + db->where());
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  const auto c = counts(file, profile);
  if (c.headers != month_records || c.values != month_records || count(file, "SELECT COUNT(*) FROM MeterTable") != 1 ||
      count(file, "SELECT COUNT(*) FROM ElectricConfig") != 1)
    fail(db->where() + ": the month left " + std::to_string(c.headers) + " headers, expected " +
         std::to_string(month_records) + " and one meter with its ElConfig");
  return ms;
}

/// Milliseconds for a fresh SSH target's first query (connection, authentication, one sqlite3 run), then the median
/// of 20 more queries on the open connection (one channel and one sqlite3 process each).
std::pair<double, double> ssh_round_trips(const testing::sshd_server& sshd, const std::filesystem::path& file) {
  make_database(file, true);
  auto db = ssh_opener(sshd)(file);
  using ms_d = std::chrono::duration<double, std::milli>;
  auto timed = [&] {
    const auto started = std::chrono::steady_clock::now();
    if (single(*db, {"SELECT COUNT(*) FROM MeterTable", {}}) != std::optional<std::string>{"1"})
      fail(db->where() + ": the meter is missing");
    return ms_d(std::chrono::steady_clock::now() - started).count();
  };
  const double first = timed();
  std::vector<double> more;
  for (int i = 0; i < 20; ++i)
    more.push_back(timed());
  std::nth_element(more.begin(), more.begin() + 10, more.end());
  return {first, more[10]};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// One records/s figure: where, which workload, and the rates of every run.
struct rate_case {
  std::string where; ///< "local" or "ssh"
  const workload* w;
  std::vector<double> first, again;
};

/// Every figure of every run so far.
struct results {
  std::vector<rate_case> cases;
  std::vector<double> month_local, month_ssh; ///< ms
  std::vector<double> connect, query;         ///< ms
};

/// One run: every case and the month into fresh databases in a fresh folder, then the SSH round trips.
void run_once(results& r, const testing::sshd_server& sshd) {
  testing::temp_dir dir{"meterhub-um40-bench"};
  int n = 0;
  for (auto& c : r.cases) {
    const auto file = dir / ("case-" + std::to_string(++n) + ".db");
    const auto i = inject(c.where == "ssh" ? ssh_opener(sshd) : local_opener(), file, *c.w);
    c.first.push_back(i.first);
    c.again.push_back(i.again);
  }
  r.month_local.push_back(fill_month(local_opener(), dir / "month-local.db"));
  r.month_ssh.push_back(fill_month(ssh_opener(sshd), dir / "month-ssh.db"));
  const auto [connect, query] = ssh_round_trips(sshd, dir / "round-trips.db");
  r.connect.push_back(connect);
  r.query.push_back(query);
}

std::string label(const rate_case& c) {
  return c.where + " " + std::string{c.w->type->name} + " batch " + std::to_string(c.w->batch_records);
}

void print_run(const results& r, int run) {
  std::printf("run %d:", run);
  for (const auto& c : r.cases)
    std::printf(" %s %.0f (again %.0f);", label(c).c_str(), c.first.back(), c.again.back());
  std::printf(" month local %.1f ms, ssh %.1f ms; ssh connect+query %.1f ms, query %.1f ms\n", r.month_local.back(),
              r.month_ssh.back(), r.connect.back(), r.query.back());
  std::fflush(stdout);
}

void print_medians(const results& r) {
  const auto runs = r.month_local.size();
  for (const auto& c : r.cases)
    std::printf("%-32s %8.0f records/s, re-injection %8.0f records/s (median of %zu)\n", label(c).c_str(),
                median(c.first), median(c.again), runs);
  std::printf("month of half-hour profiles (%d ElArr1ConsPower records, new meter with its MeterTable and ElConfig "
              "rows, batches of %zu): local %.1f ms, ssh %.1f ms (median of %zu)\n",
              month_records, generator_batch, median(r.month_local), median(r.month_ssh), runs);
  std::printf("ssh round trip: connect + first query %.1f ms, one query on the open connection %.1f ms (median of "
              "%zu)\n",
              median(r.connect), median(r.query), runs);
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t records = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 5'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  if (records == 0 || runs < 1)
    fail("usage: um40_bench [records per figure (default 5000)] [runs (default 5)]");
  const auto profiles_150 = make_workload("ElArr1ConsPower", records, generator_batch);
  const auto profiles_1000 = make_workload("ElArr1ConsPower", records, 1000);
  const auto moments_150 = make_workload("ElMomentEnergy", records, generator_batch);
  results r;
  for (const char* where : {"local", "ssh"})
    for (const auto* w : {&profiles_150, &profiles_1000, &moments_150})
      r.cases.push_back({where, w, {}, {}});
  std::printf("um40: %zu records per figure for meter %lld (seed %llu, now %lld), %d runs; ElArr1ConsPower has 1 "
              "value row per record, ElMomentEnergy %lld; libsqlite3 %s\n",
              records, static_cast<long long>(meter_id), static_cast<unsigned long long>(seed),
              static_cast<long long>(now), runs, static_cast<long long>(rows_per_record(*moments_150.type)),
              sqlite3_libversion());
  testing::temp_dir home{"meterhub-um40-bench"};
  testing::sshd_server sshd(home.path());
  for (int run = 1; run <= runs; ++run) {
    run_once(r, sshd);
    print_run(r, run);
  }
  print_medians(r);
  return 0;
}

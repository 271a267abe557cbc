// The SCADA export (libs/modbus_export): requests/s served by the Modbus TCP server to CLIENTS libmodbus clients
// (threads of this process, each with its own connection, one request in flight each) reading the same
// 100-register holding block (50 float32 values) for SECONDS per run, while a feeder applies a 50-reading batch
// every 10 ms; then the register image's update rate (50-reading batches applied per second, one thread). RUNS runs
// each, median printed. Everything on 127.0.0.1; the server binds a port the OS picks.
// Usage: modbus_export_bench [CLIENTS=8] [SECONDS=3] [RUNS=5]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <modbus.h>
#include <sys/resource.h>

#include "meterhub/core/error.hpp"
#include "meterhub/modbus_export/server.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr int values = 50; // f32: registers 0..99

std::shared_ptr<const export_layout> bench_layout() {
  unit_map u;
  u.unit_id = 1;
  u.device = "bench-1";
  for (int i = 0; i < values; ++i) {
    value_entry v;
    v.quantity = "1-0:" + std::to_string(i + 1) + ".7.0";
    v.address = static_cast<std::uint16_t>(2 * i);
    u.values.push_back(std::move(v));
  }
  auto layout = export_layout::make(export_map{{u}});
  if (!layout) {
    std::fprintf(stderr, "%s\n", describe(layout.error()).c_str());
    std::exit(2);
  }
  return std::make_shared<const export_layout>(std::move(*layout));
}

reading_batch bench_batch(int k) {
  reading_batch b;
  b.device = "bench-1";
  for (int i = 0; i < values; ++i) {
    reading r;
    r.quantity = "1-0:" + std::to_string(i + 1) + ".7.0";
    r.value = 1000.0 + i + k;
    r.time_ms = 1'700'000'000'000 + k;
    b.readings.push_back(std::move(r));
  }
  return b;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec)
         + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// One client's loop: reads the block until `stop`; the number of good reads, or -1 when it cannot connect.
long client_loop(std::uint16_t port, const std::atomic<bool>& stop, std::atomic<long>& failed) {
  modbus_t* ctx = modbus_new_tcp("127.0.0.1", port);
  if (ctx == nullptr || modbus_set_slave(ctx, 1) != 0 || modbus_connect(ctx) != 0) // libmodbus defaults to 255
    return -1;
  std::uint16_t regs[2 * values];
  long reads = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    if (modbus_read_registers(ctx, 0, 2 * values, regs) == 2 * values)
      ++reads;
    else
      ++failed;
  }
  modbus_close(ctx);
  modbus_free(ctx);
  return reads;
}

struct serve_run {
  double requests_per_s;
  double cpu_cores; // process CPU (server, clients, feeder) per wall second
  long failed;
};

serve_run serve_once(std::uint16_t port, shared_image& image, int clients, double seconds) {
  std::atomic<bool> stop{false};
  std::atomic<long> failed{0};
  std::vector<long> counts(static_cast<std::size_t>(clients), 0);
  std::vector<std::thread> threads;
  const double cpu0 = cpu_seconds();
  const auto t0 = clock_type::now();
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] { counts[static_cast<std::size_t>(i)] = client_loop(port, stop, failed); });
  std::thread feeder{[&] {
    for (int k = 0; !stop.load(std::memory_order_relaxed); ++k) {
      image.apply(bench_batch(k), 1'700'000'000'000 + k);
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
  }};
  std::this_thread::sleep_for(std::chrono::duration<double>{seconds});
  stop = true;
  for (auto& t : threads)
    t.join();
  feeder.join();
  const std::chrono::duration<double> took = clock_type::now() - t0;
  long total = 0;
  for (long c : counts)
    total += std::max(0L, c);
  return {static_cast<double>(total) / took.count(), (cpu_seconds() - cpu0) / took.count(), failed.load()};
}

/// `batches` batches applied, each newer than everything before (`time_ms` carries on across runs), so every
/// reading is taken and rendered as a live one.
double apply_once(shared_image& image, long batches, std::int64_t& time_ms) {
  std::vector<reading_batch> prepared;
  for (int k = 0; k < 64; ++k)
    prepared.push_back(bench_batch(k));
  const auto t0 = clock_type::now();
  for (long n = 0; n < batches; ++n) {
    auto& b = prepared[static_cast<std::size_t>(n % 64)];
    ++time_ms;
    for (auto& r : b.readings)
      r.time_ms = time_ms;
    if (image.apply(b, time_ms) != static_cast<std::size_t>(values))
      std::abort(); // a batch not taken would measure nothing
  }
  const std::chrono::duration<double> took = clock_type::now() - t0;
  return static_cast<double>(batches) / took.count();
}

template <class T>
T median(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  const int clients = argc > 1 ? std::atoi(argv[1]) : 8;
  const double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  auto image = std::make_shared<shared_image>(register_image{bench_layout(), 1'700'000'000'000});
  server_settings settings;
  settings.port = 0;
  settings.max_clients = static_cast<std::size_t>(clients) + 4;
  auto srv = server::start(settings, image);
  if (!srv) {
    std::fprintf(stderr, "%s\n", describe(srv.error()).c_str());
    return 2;
  }
  std::vector<double> rates, cores;
  for (int run = 0; run < runs; ++run) {
    auto r = serve_once((*srv)->port(), *image, clients, seconds);
    rates.push_back(r.requests_per_s);
    cores.push_back(r.cpu_cores);
    std::printf("serve run %d: %.0f requests/s (%d clients, 100 registers each), %.2f cores, %ld failed\n", run + 1,
                r.requests_per_s, clients, r.cpu_cores, r.failed);
  }
  (*srv)->stop();
  std::vector<double> applies;
  std::int64_t time_ms = 1'800'000'000'000; // after every batch of the serving runs
  for (int run = 0; run < runs; ++run) {
    applies.push_back(apply_once(*image, 200'000, time_ms));
    std::printf("apply run %d: %.0f batches/s (%d readings each)\n", run + 1, applies.back(), values);
  }
  std::printf("modbus_export serve: median %.0f requests/s of 100 holding registers (%.0f registers/s) from %d "
              "concurrent libmodbus clients on 127.0.0.1, %.2f cores for server + clients + feeder\n",
              median(rates), 100 * median(rates), clients, median(cores));
  std::printf("modbus_export apply: median %.0f batches/s, %.0f readings/s into the shared image (50 f32 values, "
              "one thread)\n",
              median(applies), values * median(applies));
  return 0;
}

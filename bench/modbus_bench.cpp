// meterhub-modbus: points polled per second and per CPU-second over Modbus TCP against the floor (a minimal libmodbus
// server) and beside pymodbus against the same server, the share of an RTU line's capacity it uses, and its memory.
// A point is one float32 value; a device is a block of 40 holding registers (20 points), read in one request.
//
// 1. TCP: a forked libmodbus select loop answering any unit id (modbus_server.cpp), a real Mosquitto, and one
//    meterhub-modbus run with `devices` devices (250 unit ids per line, every line to the same server, `connections`
//    connections in all dealt out between the lines), all on a bench profile whose one group asks for the block every
//    1 ms, so the service polls as fast as it can. After a warm-up, a window of `seconds`: points = batches the broker
//    acknowledged (meterhub_bus_published_total on the service's /metrics; one batch = one poll = 20 points) x 20,
//    checked against the requests the server answered; CPU of the service (and its busiest threads), the server,
//    Mosquitto and the machine from /proc. A second start polls every device at `paced` ms instead, a demand the
//    bus can carry: flat out, the line actors outrun the bus and its backlog (spool, mailbox) grows. Then, against
//    the same server in the same run, pymodbus 3.0's asyncio client (pymodbus_client.py, /usr/bin/python3) over 8
//    connections, decoding every point as well; two floors in this process, the bare libmodbus client loop and the
//    service's own poll path without the bus (modbus_link, to_readings, encode_batch); the floor of the publishing
//    side, one Paho client publishing a 20-point batch per QoS 1 message with 512 in flight; and the ratios of points
//    per CPU-second.
// 2. RTU: meterhub-modbus-sim on a pty, pacing each answer at the line rate (request, t3.5, answer), 4 devices of
//    the bench profile, the service polling them as fast as it can: transactions/s against what the line can carry
//    (request + answer bits / baud), and against the ceiling left once the two t3.5 silences a transaction needs are
//    taken out.
// 3. Memory (RSS, PSS from smaps_rollup, VmHWM) of meterhub-modbus idle: one line and one device at a 10 s
//    interval, and one line where nothing answers; and while polling the devices of part 1.
//
// Usage: modbus_bench [window seconds (10)] [runs (3)] [devices (1000)] [connections (16)] [rtu seconds (20)]
//                     [paced interval ms (500)]
#include <algorithm>
#include <array>
#include <map>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <functional>
#include <condition_variable>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>
#include <utility>

#include <modbus/modbus.h>
#include <mqtt/async_client.h>

#include "meterhub/modbus/timing.hpp"
#include "meterhub/modbus_link/link.hpp"
#include "meterhub/profiles/profile.hpp"
#include "meterhub/profiles/readings.hpp"
#include "meterhub/wire/convert.hpp"
#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"
#include "daemon_process.hpp"
#include "meterhub/transport/transport.hpp"
#include "modbus_server.hpp"
#include "proc_usage.hpp"

using namespace meterhub;
using namespace meterhub::bench;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr int points_per_device = 20;
constexpr unsigned block_registers = 40;
constexpr unsigned units_per_line = 250; ///< of the 256 Modbus TCP unit ids
constexpr std::size_t rtu_request_bytes = 8, rtu_answer_bytes = 5 + 2 * block_registers;

double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double mib(std::uint64_t kib) {
  return static_cast<double>(kib) / 1024.0;
}

/// The bench profile: one group, the 40-register holding block as 20 float32 points, due every millisecond.
void write_profile(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / "bench40.yaml");
  out << "model: meterhub bench block\nvendor: meterhub\nsource: \"bench/modbus_bench.cpp: 40 holding registers, "
         "20 float32 points\"\nprotocol: modbus\nresponse_timeout: 2s\nlimits:\n  max_registers: 125\n"
         "defaults:\n  table: holding\n  type: f32\n  word_order: ABCD\ngroups:\n  - name: block\n    interval: 1ms\n"
         "    registers:\n";
  for (int i = 0; i < points_per_device; ++i)
    out << "      - {name: p" << i << ", address: " << 2 * i << ", quantity: \"x:bench.p" << i << "\"}\n";
}

// ---- the service -------------------------------------------------------------------------------------------------

/// The sum of the series named `name` (with or without labels).
double metric(const std::string& metrics, const std::string& name) {
  double sum = 0;
  std::istringstream lines{metrics};
  for (std::string line; std::getline(lines, line);)
    if (line.compare(0, name.size(), name) == 0 && line.size() > name.size() &&
        (line[name.size()] == ' ' || line[name.size()] == '{'))
      sum += std::strtod(line.c_str() + line.rfind(' ') + 1, nullptr);
  return sum;
}

struct service : bench::daemon_process {
  double published() const { return metric(metrics_of(http_port), "meterhub_bus_published_total"); }

  /// The service copies the bus actor's count into /metrics twice a second (service.cpp, bus_watcher), so a window
  /// read at arbitrary times is off by up to half a second at each end: this waits for the next copy (polling every
  /// 10 ms, at most 2 s) and gives the count with the time it was seen.
  std::pair<double, clock_type::time_point> published_at_update() const {
    const double before = published();
    const auto deadline = clock_type::now() + 2s;
    for (;;) {
      const double now = published();
      if (now != before || clock_type::now() >= deadline)
        return {now, clock_type::now()};
      std::this_thread::sleep_for(10ms);
    }
  }
};

/// meterhub-modbus run with `lines_yaml` (the `lines:` section), log level info as deployed; null proc when it did
/// not reach the broker.
service start_service(const testing::temp_dir& dir, const testing::mosquitto_broker& broker, const std::string& name,
                      const std::string& lines_yaml) {
  const auto file = dir / (name + ".yaml");
  std::ofstream(file) << "profiles: " << (dir / "profiles").string() << "\nlines:\n" << lines_yaml;
  return service{bench::start_daemon(dir, broker, "meterhub-modbus", name, file)};
}

/// `devices` devices on ceil(devices / 250) lines to `port`, `connections` connections dealt out between them.

/// With `interval_ms` > 0 every device is polled at that interval instead of the profile's 1 ms.
std::string tcp_lines(int port, unsigned devices, unsigned connections, unsigned interval_ms) {
  const unsigned lines = (devices + units_per_line - 1) / units_per_line;
  std::ostringstream out;
  for (unsigned l = 0, left = devices; l < lines; ++l) {
    const unsigned n = std::min(left, units_per_line);
    left -= n;
    out << "  - port: tcp://127.0.0.1:" << port << "\n    response_timeout: 2s\n    connections: "
        << std::max(1u, connections / lines + (l < connections % lines ? 1 : 0)) << "\n    devices:\n";
    for (unsigned u = 0; u < n; ++u)
      out << "      - {profile: bench40, unit: " << u
          << (interval_ms > 0 ? ", poll: {block: " + std::to_string(interval_ms) + "ms}" : std::string{}) << "}\n";
  }
  return out.str();
}

/// PSS depends on how many other processes map the same libraries at that moment; the private part (anonymous
/// memory: heap, stacks) does not.
void print_memory(const char* label, pid_t pid) {
  const auto m = testing::memory_of(pid);
  std::printf("  memory %s: RSS %.1f MB, PSS %.1f MB (of it anonymous %.1f MB, files %.1f MB), VmHWM %.1f MB, "
              "%llu threads\n",
              label, mib(m.resident_kib), mib(m.proportional_kib), mib(m.proportional_anon_kib),
              mib(m.proportional_file_kib), mib(m.peak_resident_kib),
              static_cast<unsigned long long>(status_field(pid, "Threads:")));
}

// ---- 1. TCP throughput ---------------------------------------------------------------------------------------------

/// What a side (meterhub-modbus or pymodbus) did in its window.
struct side_result {
  double points_per_s = 0;
  double cores = 0;          ///< CPU of the polling program, mean cores busy
  double server_cores = 0;   ///< CPU of the floor server
  double broker_cores = 0;   ///< Mosquitto (meterhub only)
  double machine_cores = 0;  ///< the whole machine
  double answered_per_s = 0; ///< requests the server answered
  double per_cpu_second() const { return cores > 0 ? points_per_s / cores : 0; }
};

double cores_between(const machine_ticks& a, const machine_ticks& b) {
  return (b.busy - a.busy) / std::max(1.0, b.total - a.total) * static_cast<double>(::sysconf(_SC_NPROCESSORS_ONLN));
}

/// CPU seconds of each thread of `pid` so far, by "NAME/TID" (/proc/PID/task/TID/stat).
std::map<std::string, double> thread_cpu_by_name(pid_t pid) {
  std::map<std::string, double> out;
  const auto tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream in(entry.path() / "comm");
    std::string name;
    std::getline(in, name);
    std::ifstream stat_file(entry.path() / "stat");
    const std::string text{std::istreambuf_iterator<char>(stat_file), std::istreambuf_iterator<char>()};
    const auto name_end = text.rfind(')');
    if (name_end == std::string::npos)
      continue;
    std::istringstream fields{text.substr(name_end + 2)};
    std::string skip;
    for (int field = 3; field < 14; ++field) // proc(5): utime is field 14, stime 15
      fields >> skip;
    double user = 0, system = 0;
    fields >> user >> system;
    out[name + "/" + entry.path().filename().string()] += (user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
  return out;
}

/// "name 0.42, ..." for the threads that used the most of the window, in cores.
std::string busiest_threads(const std::map<std::string, double>& before, const std::map<std::string, double>& after,
                            double elapsed) {
  std::vector<std::pair<double, std::string>> used;
  for (const auto& [name, cpu] : after) {
    const auto it = before.find(name);
    used.emplace_back((cpu - (it == before.end() ? 0 : it->second)) / elapsed, name);
  }
  std::sort(used.rbegin(), used.rend());
  std::string text;
  double rest = 0;
  for (std::size_t i = 6; i < used.size(); ++i)
    rest += used[i].first;
  for (std::size_t i = 0; i < std::min<std::size_t>(used.size(), 6); ++i) {
    char item[96];
    std::snprintf(item, sizeof item, "%s%s %.2f", i ? ", " : "", used[i].second.c_str(), used[i].first);
    text += item;
  }
  char tail[64];
  std::snprintf(tail, sizeof tail, ", %zu others %.2f", used.size() > 6 ? used.size() - 6 : 0, rest);
  return text + tail;
}

side_result measure_service(const service& s, const modbus_floor_server& server, int seconds) {
  const pid_t broker = child_named("mosquitto");
  const auto [published0, started] = s.published_at_update();
  const auto m0 = metrics_of(s.http_port);
  const auto threads0 = thread_cpu_by_name(s.proc->pid());
  const auto cpu0 = cpu_of(s.proc->pid()), server0 = cpu_of(server.pid()), broker0 = cpu_of(broker);
  const auto answered0 = server.answered();
  const auto machine0 = machine_now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds) - 300ms);
  const auto [published1, ended] = s.published_at_update();
  const auto m1 = metrics_of(s.http_port);
  const double elapsed = std::chrono::duration<double>(ended - started).count();
  if (published1 == published0)
    std::printf("  the bus count did not move in the window: the bus actor did not answer its status requests "
                "(its mailbox is flooded), so nothing delivered can be counted\n");
  std::printf("  service threads (cores): %s; spool backlog %.0f -> %.0f messages\n",
              busiest_threads(threads0, thread_cpu_by_name(s.proc->pid()), elapsed).c_str(),
              metric(m0, "meterhub_bus_spool_pending"), metric(m1, "meterhub_bus_spool_pending"));
  side_result r;
  r.points_per_s = (published1 - published0) * points_per_device / elapsed;
  r.cores = (cpu_of(s.proc->pid()) - cpu0).total() / elapsed;
  r.server_cores = (cpu_of(server.pid()) - server0).total() / elapsed;
  r.broker_cores = (cpu_of(broker) - broker0).total() / elapsed;
  r.machine_cores = cores_between(machine0, machine_now());
  r.answered_per_s = static_cast<double>(server.answered() - answered0) / elapsed;
  return r;
}

/// The service on `devices` devices: warm-up until every device was polled (twice over), then the window.
bool run_meterhub(const testing::temp_dir& dir, const testing::mosquitto_broker& broker,
                  const modbus_floor_server& server, unsigned devices, unsigned connections, unsigned interval_ms,
                  int run, int seconds, side_result& r) {
  // A fresh bus state folder each start: a spool left by the previous run would be replayed first.
  auto s = start_service(dir, broker, "modbus-tcp-" + std::to_string(interval_ms) + "-run" + std::to_string(run),
                         tcp_lines(server.port(), devices, connections, interval_ms));
  if (!s.proc)
    return false;
  // Warm-up on the server's count: flat out, the line actors can flood the bus actor's mailbox so that its status
  // (and with it /metrics) stops moving; the window then shows it.
  if (!testing::eventually([&] { return server.answered() >= 3ull * devices && s.published() > 0; }, 60s)) {
    std::fprintf(stderr, "meterhub-modbus: %llu answers, %.0f published in 60 s\n",
                 static_cast<unsigned long long>(server.answered()), s.published());
    return false;
  }
  std::this_thread::sleep_for(2s);
  r = measure_service(s, server, seconds);
  print_memory("while polling", s.proc->pid());
  s.proc->stop();
  return true;
}

/// pymodbus over 8 connections against the same server; its own CPU from the script (getrusage).
bool run_pymodbus(const testing::temp_dir& dir, const modbus_floor_server& server, unsigned devices, int seconds,
                  side_result& r) {
  const auto script = std::filesystem::path{MH_SOURCE_DIR} / "bench/pymodbus_client.py";
  const auto server0 = cpu_of(server.pid());
  const auto answered0 = server.answered();
  const auto machine0 = machine_now();
  const auto started = clock_type::now();
  testing::process py{{"/usr/bin/python3", script.string(), "127.0.0.1", std::to_string(server.port()),
                       std::to_string(devices), "8", std::to_string(seconds)},
                      dir.path(), "pymodbus"};
  if (!py.wait_exit(std::chrono::seconds(seconds + 60)) || py.exit_code() != 0) {
    std::fprintf(stderr, "pymodbus_client.py failed: %s\n", py.stderr_text().c_str());
    return false;
  }
  const double elapsed_all = seconds_since(started);
  double points = 0, elapsed = 0, cpu = 0, failed = 0;
  if (std::sscanf(py.stdout_text().c_str(), "points %lf seconds %lf cpu %lf failed %lf", &points, &elapsed, &cpu,
                  &failed) != 4 || elapsed <= 0) {
    std::fprintf(stderr, "pymodbus_client.py printed: %s\n", py.stdout_text().c_str());
    return false;
  }
  r.points_per_s = points / elapsed;
  r.cores = cpu / elapsed;
  // The server's and the machine's figures span the script's start too (about a second of the whole).
  r.server_cores = (cpu_of(server.pid()) - server0).total() / elapsed_all;
  r.machine_cores = cores_between(machine0, machine_now());
  r.answered_per_s = static_cast<double>(server.answered() - answered0) / elapsed_all;
  if (failed > 0)
    std::printf("  pymodbus: %.0f failed reads\n", failed);
  return true;
}

/// The floor of the polling side: `connections` threads in this process, each a libmodbus TCP client reading its
/// share of the unit ids' blocks in turn and decoding the 20 floats (modbus_get_float_abcd), for `seconds`.
side_result run_libmodbus_floor(const modbus_floor_server& server, unsigned devices, unsigned connections,
                                int seconds) {
  std::vector<std::thread> threads;
  std::vector<double> points(connections), cpu(connections);
  const auto server0 = cpu_of(server.pid());
  const auto answered0 = server.answered();
  const auto machine0 = machine_now();
  const auto started = clock_type::now();
  const auto deadline = started + std::chrono::seconds(seconds);
  for (unsigned c = 0; c < connections; ++c)
    threads.emplace_back([&, c] {
      modbus_t* ctx = modbus_new_tcp("127.0.0.1", server.port());
      if (!ctx || modbus_connect(ctx) != 0)
        return;
      const auto cpu0 = thread_cpu();
      std::uint16_t regs[block_registers];
      volatile float sink = 0;
      while (clock_type::now() < deadline)
        for (unsigned u = c; u < devices; u += connections) {
          modbus_set_slave(ctx, static_cast<int>(u % 256));
          if (modbus_read_registers(ctx, 0, block_registers, regs) != static_cast<int>(block_registers))
            continue;
          for (unsigned i = 0; i < block_registers; i += 2)
            sink = sink + modbus_get_float_abcd(regs + i);
          points[c] += points_per_device;
        }
      cpu[c] = (thread_cpu() - cpu0).total();
      modbus_close(ctx);
      modbus_free(ctx);
    });
  for (auto& t : threads)
    t.join();
  const double elapsed = seconds_since(started);
  side_result r;
  for (unsigned c = 0; c < connections; ++c) {
    r.points_per_s += points[c] / elapsed;
    r.cores += cpu[c] / elapsed;
  }
  r.server_cores = (cpu_of(server.pid()) - server0).total() / elapsed;
  r.machine_cores = cores_between(machine0, machine_now());
  r.answered_per_s = static_cast<double>(server.answered() - answered0) / elapsed;
  return r;
}

/// The service's own poll path without the bus: `connections` threads in this process, each with a
/// modbus_link::link (libmodbus) reading its share of the devices' blocks as the driver does (plan_group, read,
/// to_readings with SI units and quantities) and encoding each poll's ReadingBatch (wire::encode_batch), for
/// `seconds`. What the line actors cost before a batch goes to the bus actor, the spool and Paho.
side_result run_poll_path(const testing::temp_dir& dir, const modbus_floor_server& server, unsigned devices,
                          unsigned connections, int seconds) {
  auto profile = profiles::load_profile(dir / "profiles" / "bench40.yaml");
  if (!profile) {
    std::fprintf(stderr, "bench profile: %s\n", describe(profile.error()).c_str());
    return {};
  }
  const auto& group = profile->groups.front();
  std::vector<double> points(connections), cpu(connections);
  const auto machine0 = machine_now();
  const auto started = clock_type::now();
  const auto deadline = started + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < connections; ++c)
    threads.emplace_back([&, c] {
      auto settings = modbus_link::link_settings::parse_port("tcp://127.0.0.1:" + std::to_string(server.port()));
      auto line = modbus_link::link::open(*settings);
      if (!line)
        return;
      std::vector<std::vector<modbus::read_request>> plans; // planned once per device, as the driver does
      for (unsigned u = c; u < devices; u += connections)
        plans.push_back(profiles::plan_group(*profile, group, static_cast<std::uint8_t>(u % 256)));
      const auto cpu0 = thread_cpu();
      std::uint64_t sequence = 0;
      while (clock_type::now() < deadline)
        for (unsigned u = c, k = 0; u < devices; u += connections, ++k) {
          const auto& plan = plans[k];
          std::vector<profiles::request_reply> replies;
          for (const auto& req : plan)
            replies.push_back((*line)->read(req.unit_id, req.table, req.address, req.count));
          auto r = profiles::to_readings(*profile, group, plan, replies, 0);
          points[c] += static_cast<double>(r.readings.size());
          const reading_batch batch{"modbus-0-" + std::to_string(u), "modbus/bench", ++sequence, 0,
                                    std::move(r.readings)};
          volatile auto size = wire::encode_batch(batch).size();
          (void) size;
        }
      cpu[c] = (thread_cpu() - cpu0).total();
    });
  for (auto& t : threads)
    t.join();
  const double elapsed = seconds_since(started);
  side_result r;
  for (unsigned c = 0; c < connections; ++c) {
    r.points_per_s += points[c] / elapsed;
    r.cores += cpu[c] / elapsed;
  }
  r.machine_cores = cores_between(machine0, machine_now());
  return r;
}

/// The floor of the publishing side: one Paho MQTT v5 client in this process publishing QoS 1 messages the size of
/// one poll's encoded ReadingBatch (20 points) to Mosquitto, as fast as 512 unacknowledged messages allow (the bus's
/// in-flight window), for `seconds`. No spool, no actors: what one message per poll costs in Paho and the kernel
/// alone. Points = acknowledged messages × 20; CPU = this process's (Paho's threads; the poll threads have ended).
side_result run_paho_floor(const testing::mosquitto_broker& broker, int seconds) {
  std::vector<reading> points;
  for (int i = 0; i < points_per_device; ++i)
    points.push_back(reading{"x:bench.p" + std::to_string(i), 230.0 + i, unit::none, 1'796'000'000'000, 0, ""});
  const auto payload = wire::encode_batch(reading_batch{"modbus-0-17", "modbus/bench", 1, 0, points});
  mqtt::async_client client{broker.url(), "paho-floor", mqtt::create_options(MQTTVERSION_5, 2048)};
  auto opts = mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize();
  try {
    client.connect(opts)->wait();
  } catch (const mqtt::exception& e) {
    std::fprintf(stderr, "paho floor: %s\n", e.what());
    return {};
  }
  std::mutex mutex;
  std::condition_variable room;
  std::size_t in_flight = 0;
  std::uint64_t acked = 0;
  struct listener : mqtt::iaction_listener {
    std::function<void()> done;
    void on_success(const mqtt::token&) override { done(); }
    void on_failure(const mqtt::token&) override { done(); }
  } on_ack;
  on_ack.done = [&] {
    std::lock_guard<std::mutex> g{mutex};
    --in_flight, ++acked;
    room.notify_one();
  };
  const auto machine0 = machine_now();
  const auto cpu0 = cpu_of(::getpid());
  const auto started = clock_type::now();
  const auto deadline = started + std::chrono::seconds(seconds);
  std::uint64_t acked_at_deadline = 0;
  while (clock_type::now() < deadline) {
    {
      std::unique_lock<std::mutex> g{mutex};
      room.wait(g, [&] { return in_flight < 512; });
      ++in_flight;
    }
    client.publish("meterhub/v1/readings/modbus-0-17", payload.data(), payload.size(), 1, false, nullptr, on_ack);
  }
  {
    std::lock_guard<std::mutex> g{mutex};
    acked_at_deadline = acked;
  }
  const double elapsed = seconds_since(started);
  const auto cpu = (cpu_of(::getpid()) - cpu0).total();
  side_result r;
  r.points_per_s = static_cast<double>(acked_at_deadline) * points_per_device / elapsed;
  r.cores = cpu / elapsed;
  r.machine_cores = cores_between(machine0, machine_now());
  std::unique_lock<std::mutex> g{mutex};
  room.wait_for(g, 10s, [&] { return in_flight == 0; });
  g.unlock();
  client.disconnect()->wait();
  return r;
}

void print_side(const char* who, const side_result& r) {
  std::printf("  %s: %.0f points/s, %.2f cores, %.0f points per CPU-second; server %.2f cores, %.0f answers/s "
              "(%.0f points/s); Mosquitto %.2f cores; machine %.2f cores busy\n",
              who, r.points_per_s, r.cores, r.per_cpu_second(), r.server_cores, r.answered_per_s,
              r.answered_per_s * points_per_device, r.broker_cores, r.machine_cores);
}

struct tcp_figures {
  std::vector<double> rate, per_cpu, cores, ratio;
  void add(const side_result& r, const side_result& py) {
    rate.push_back(r.points_per_s), per_cpu.push_back(r.per_cpu_second()), cores.push_back(r.cores);
    ratio.push_back(r.per_cpu_second() / py.per_cpu_second());
  }
  void print(const char* who) const {
    std::printf("  %s: %.0f points/s, %.2f cores, %.0f points per CPU-second, %.1fx pymodbus's per CPU-second\n", who,
                median(rate), median(cores), median(per_cpu), median(ratio));
  }
};

/// Per run: the service flat out, the service at `paced_ms` per device, pymodbus (8 connections), the libmodbus
/// client floor over 8 and over `connections` connections, all against one server.
bool tcp_runs(const testing::temp_dir& dir, const testing::mosquitto_broker& broker, unsigned devices,
              unsigned connections, unsigned paced_ms, int seconds, int runs) {
  modbus_floor_server server{block_registers};
  tcp_figures flat, paced, py_all, floor8, floor_n, path_n, paho;
  for (int run = 1; run <= runs; ++run) {
    side_result mh, mh_paced, py, f8, fn, pn, pf;
    std::printf("TCP run %d: %u devices, %u connections, %d s windows\n", run, devices, connections, seconds);
    if (!run_meterhub(dir, broker, server, devices, connections, 0, run, seconds, mh))
      return false;
    print_side("meterhub-modbus, flat out", mh);
    if (!run_meterhub(dir, broker, server, devices, connections, paced_ms, run, seconds, mh_paced))
      return false;
    const std::string paced_label = "meterhub-modbus, every device at " + std::to_string(paced_ms) + " ms";
    print_side(paced_label.c_str(), mh_paced);
    if (!run_pymodbus(dir, server, devices, seconds, py))
      return false;
    print_side("pymodbus (8 connections)", py);
    f8 = run_libmodbus_floor(server, devices, 8, seconds);
    print_side("libmodbus client floor (8 connections)", f8);
    fn = run_libmodbus_floor(server, devices, connections, seconds);
    print_side(("libmodbus client floor (" + std::to_string(connections) + " connections)").c_str(), fn);
    pn = run_poll_path(dir, server, devices, connections, seconds);
    print_side(("meterhub's poll path without the bus (" + std::to_string(connections) + " connections)").c_str(), pn);
    pf = run_paho_floor(broker, seconds);
    print_side("Paho QoS 1 publish floor (one 20-point batch per message)", pf);
    std::printf("  ratio meterhub/pymodbus per CPU-second: %.1fx flat out, %.1fx paced; libmodbus floor/pymodbus "
                "%.1fx\n",
                mh.per_cpu_second() / py.per_cpu_second(), mh_paced.per_cpu_second() / py.per_cpu_second(),
                f8.per_cpu_second() / py.per_cpu_second());
    flat.add(mh, py), paced.add(mh_paced, py), py_all.add(py, py), floor8.add(f8, py), floor_n.add(fn, py);
    path_n.add(pn, py), paho.add(pf, py);
  }
  std::printf("TCP medians of %d runs (%u devices):\n", runs, devices);
  flat.print("meterhub-modbus, flat out");
  paced.print(("meterhub-modbus, every device at " + std::to_string(paced_ms) + " ms").c_str());
  py_all.print("pymodbus, 8 connections");
  floor8.print("libmodbus client floor, 8 connections");
  floor_n.print(("libmodbus client floor, " + std::to_string(connections) + " connections").c_str());
  path_n.print(("meterhub's poll path without the bus, " + std::to_string(connections) + " connections").c_str());
  paho.print("Paho QoS 1 publish floor, one 20-point batch per message");
  return true;
}

// ---- 2. RTU line efficiency ----------------------------------------------------------------------------------------

bool rtu_run(const testing::temp_dir& dir, const testing::mosquitto_broker& broker, unsigned baud, int seconds) {
  testing::process sim{{testing::program("meterhub-modbus-sim").string(), "--pty", "--baud", std::to_string(baud),
                        "--device", "1-4:bench40", "--profiles", (dir / "profiles").string(), "--log-level", "warn"},
                       dir.path(), "sim-" + std::to_string(baud)};
  if (!testing::eventually([&] { return sim.stdout_text().find("pty: ") != std::string::npos; }, 20s)) {
    std::fprintf(stderr, "the simulator did not start: %s\n", sim.stderr_text().c_str());
    return false;
  }
  auto out = sim.stdout_text();
  const auto at = out.find("pty: ") + 5;
  const auto path = out.substr(at, out.find('\n', at) - at);
  std::ostringstream lines;
  lines << "  - port: " << path << "\n    serial: " << baud << " 8N1\n    response_timeout: 1s\n    devices:\n";
  for (int u = 1; u <= 4; ++u)
    lines << "      - {profile: bench40, unit: " << u << "}\n";
  auto s = start_service(dir, broker, "modbus-rtu-" + std::to_string(baud), lines.str());
  if (!s.proc || !testing::eventually([&] { return s.published() >= 8; }, 30s)) {
    std::fprintf(stderr, "the RTU line published nothing\n");
    return false;
  }
  const auto [p0, started] = s.published_at_update();
  const auto cpu0 = cpu_of(s.proc->pid());
  std::this_thread::sleep_for(std::chrono::seconds(seconds) - 300ms);
  const auto [p1, ended] = s.published_at_update();
  const double tx = p1 - p0, elapsed = std::chrono::duration<double>(ended - started).count();
  const double cores = (cpu_of(s.proc->pid()) - cpu0).total() / elapsed;
  s.proc->stop();
  const modbus::serial_format f{baud, 8, false, 1};
  const double bits = static_cast<double>((rtu_request_bytes + rtu_answer_bytes) * modbus::bits_per_character(f));
  const double wire_s = bits / baud;
  const double gaps_s = 2 * std::chrono::duration<double>(modbus::inter_frame_delay(f)).count();
  const double rate = tx / elapsed;
  std::printf("RTU %u Bd 8N1, 4 devices: %.2f transactions/s (%.0f points/s); the line carries at most %.2f "
              "(request %zu + answer %zu bytes = %.0f bits): %.1f %% of its capacity; with two t3.5 (%.2f ms) per "
              "transaction the ceiling is %.2f/s, %.1f %% of it reached; service %.3f cores\n",
              baud, rate, rate * points_per_device, 1 / wire_s, rtu_request_bytes, rtu_answer_bytes, bits,
              100 * rate * wire_s, gaps_s / 2 * 1e3, 1 / (wire_s + gaps_s), 100 * rate * (wire_s + gaps_s), cores);
  return true;
}

// ---- 3. memory when idle -------------------------------------------------------------------------------------------

bool idle_memory(const testing::temp_dir& dir, const testing::mosquitto_broker& broker) {
  modbus_floor_server server{block_registers};
  auto one = start_service(dir, broker, "modbus-idle-one",
                           "  - port: tcp://127.0.0.1:" + std::to_string(server.port()) +
                             "\n    devices:\n      - {profile: bench40, unit: 1, poll: {block: 10s}}\n");
  if (!one.proc || !testing::eventually([&] { return one.published() >= 1; }, 20s))
    return false;
  std::this_thread::sleep_for(5s);
  print_memory("idle, one line, one device at 10 s", one.proc->pid());
  const double cpu0 = cpu_of(one.proc->pid()).total();
  std::this_thread::sleep_for(5s);
  std::printf("  idle CPU: %.1f %% of a core\n", (cpu_of(one.proc->pid()).total() - cpu0) / 5 * 100);
  one.proc->stop();
  auto none = start_service(dir, broker, "modbus-idle-none",
                            "  - port: tcp://127.0.0.1:" + std::to_string(testing::free_port()) +
                              "\n    devices:\n      - {profile: bench40, unit: 1}\n");
  if (!none.proc)
    return false;
  std::this_thread::sleep_for(5s);
  print_memory("idle, one line, nothing answering", none.proc->pid());
  none.proc->stop();
  return true;
}

} // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 10;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  const int devices = argc > 3 ? std::atoi(argv[3]) : 1000;
  const int connections = argc > 4 ? std::atoi(argv[4]) : 16;
  const int rtu_seconds = argc > 5 ? std::atoi(argv[5]) : 20;
  const int paced_ms = argc > 6 ? std::atoi(argv[6]) : 500;
  if (seconds < 1 || runs < 1 || devices < 1 || connections < 1 || rtu_seconds < 0 || paced_ms < 10) {
    std::fprintf(stderr, "usage: modbus_bench [window seconds] [runs] [devices] [connections] [rtu seconds] "
                         "[paced interval ms]\n");
    return 64;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  try {
    testing::temp_dir dir{"meterhub-modbus-bench"};
    write_profile(dir / "profiles");
    testing::mosquitto_broker broker{dir.path()};
    if (!idle_memory(dir, broker))
      return 1;
    if (!tcp_runs(dir, broker, static_cast<unsigned>(devices), static_cast<unsigned>(connections),
                  static_cast<unsigned>(paced_ms), seconds, runs))
      return 1;
    for (unsigned baud : {9600u, 115200u})
      if (rtu_seconds > 0 && !rtu_run(dir, broker, baud, rtu_seconds))
        return 1;
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "modbus_bench: %s\n", e.what());
    return 1;
  }
}

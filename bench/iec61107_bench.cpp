// NEVA MT3xx polling (IEC 62056-21 mode C): what our software costs per complete poll, how many meters one
// meterhub-iec61107 polls per minute across many lines, and its memory. Everything runs on loopback with the
// imitator's reply delay at 0, so the figures are software cost; a real line adds its character and turnaround time.
//
// 1. Overhead per poll: one meterhub-iec61107-sim (one meter) and, in this process, the adapter's own session
//    (libs/iec61107) carried out by its run_session over a transport TCP stream, reading exactly what a scheduled poll
//    reads (poll_requests for three_phase): sign-on, identification, option select, password, date, time and every
//    instantaneous register, break; after_break 0; then interpret_poll turns the answers into readings as the service
//    does. Per poll: wall time, CPU of this thread (the reading side) and of the imitator process, bytes on the wire
//    (TCP_INFO of the socket), from which the same poll's time on a 9600 Bd 7E1 line follows. Twice: with the
//    imitator and this thread pinned to one core, and placed by the scheduler, where every message wakes a thread on
//    the other core (on the development VM that triples the kernel's time per poll).
// 2. Meters polled per minute: `lines` imitator processes of 32 meters each (the imitator serves one --listen port),
//    a real Mosquitto, and meterhub-iec61107 run with one line per imitator, every meter at interval 1s and
//    after_break 0ms, each imitated meter configured under 2 device ids: the demand (64 polls/s per line) exceeds
//    what the machine can serve, so the completed polls over the window (meterhub_iec61107_polls_total{result="ok"}
//    on its /metrics) are the capacity. Again with one line (40 device ids per imitated meter), where the limit is
//    the line's round trips. CPU of the service, the imitators, Mosquitto and the whole machine in the window.
// 3. Memory of meterhub-iec61107: peak resident set (VmHWM), resident (VmRSS) and proportional (Pss) set after each
//    loaded window, and idle: a separate start with the imitated meters (one device id each) at interval 60s, once
//    every meter was polled once. Its idle CPU too.
//
// Usage: iec61107_bench [polls per run (default 300)] [window seconds (default 30)] [runs (default 5)]
//                       [lines (default 50)]
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>

#include <linux/tcp.h> // the kernel's tcp_info (tcpi_bytes_acked); glibc's netinet/tcp.h lacks it
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon_process.hpp"
#include "meterhub/core/error.hpp"
#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"
#include "poll.hpp"
#include "proc_usage.hpp"
#include "session_runner.hpp"

using namespace meterhub;
using namespace meterhub::bench;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr int meters_per_line = 32; ///< an RS-485 segment's 32 unit loads
constexpr auto poll_family = neva::model_family::three_phase;

double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

double median(std::vector<double> v) {
  return percentile(std::move(v), 0.5);
}

// ---- what the kernel counts --------------------------------------------------------------------------------------

double cpu_seconds_of(pid_t pid) {
  return cpu_of(pid).total();
}

/// Payload bytes a TCP socket has sent (and seen acknowledged) and received.
struct wire_bytes {
  std::uint64_t sent = 0, received = 0;
};

wire_bytes wire_bytes_of(int fd) {
  tcp_info info{};
  socklen_t len = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
    return {};
  return {info.tcpi_bytes_acked, info.tcpi_bytes_received};
}

// ---- the imitator ------------------------------------------------------------------------------------------------

/// An imitator process on a free loopback port.
struct imitator {
  std::unique_ptr<testing::process> proc;
  int port = 0;
};

/// Starts an imitator with `meters` (ADDRESS:PASSWORD), all its threads on `cpu` unless it is -1; the port is filled
/// in by `wait_listening`. Its log level is warn: it logs every sign-on at info, which would be its cost, not ours.
imitator start_imitator(const testing::temp_dir& dir, const std::vector<std::string>& meters, int index,
                        int cpu = -1) {
  std::vector<std::string> argv;
  if (cpu >= 0)
    argv = {"taskset", "-c", std::to_string(cpu)};
  for (std::string a : {testing::program("meterhub-iec61107-sim").string(), std::string{"--listen"},
                        std::string{"127.0.0.1:0"}, std::string{"--log-level"}, std::string{"warn"},
                        std::string{"--seed"}, std::to_string(index + 1)})
    argv.push_back(std::move(a));
  for (const auto& m : meters) {
    argv.push_back("--meter");
    argv.push_back(m);
  }
  return {std::make_unique<testing::process>(argv, dir.path(), "neva-sim-" + std::to_string(index)), 0};
}

bool wait_listening(imitator& sim) {
  if (!testing::eventually([&] { return sim.proc->stdout_text().find("tcp: ") != std::string::npos; }, 20s)) {
    std::fprintf(stderr, "the imitator did not start: %s\n", sim.proc->stderr_text().c_str());
    return false;
  }
  const auto out = sim.proc->stdout_text();
  sim.port = std::stoi(out.substr(out.rfind(':') + 1));
  return true;
}

std::string meter_address(int line, int meter) {
  char text[16];
  std::snprintf(text, sizeof text, "%08d", (line + 1) * 100 + meter + 1);
  return text;
}

// ---- 1. overhead of one complete poll ------------------------------------------------------------------------------

iec61107::session_settings poll_settings() {
  iec61107::session_settings s;
  s.address = "00000001";
  s.password = "00000000";
  s.reply_timeout = 2s;
  s.after_break = 0ms;
  return s;
}

/// One complete poll as the service runs it; the number of readings, or 0 with `why` when a register went unread.
/// Registers the meter refuses with an error reply go into `refused`, which the service leaves out of later polls
/// (line_poll.cpp, note_failures): the MT1-only total power factor 0D.07.FF on an MT324, for one.
std::size_t poll_once(transport::byte_stream& line, const std::vector<iec61107::request>& requests,
                      std::set<std::string>& refused, std::string& why) {
  iec61107::session s{poll_settings(), requests};
  if (auto err = iec61107_service::run_session(line, s))
    why = describe(err);
  else if (s.failure())
    why = describe(s.failure());
  if (!why.empty())
    return 0;
  const auto result = iec61107_service::interpret_poll(s.outcomes(), {poll_family, false}, 180min, 0);
  for (const auto& f : result.failures)
    if (f.refused)
      refused.insert(f.address);
    else if (why.empty())
      why = f.address + ": " + f.reason;
  if (!result.meter_clock && why.empty())
    why = "no meter clock";
  return why.empty() ? result.readings.size() : 0;
}

struct overhead_run {
  std::vector<double> wall_ms;
  cpu_time own, sim; ///< CPU per poll, seconds
  double polls_per_s = 0;
  double bytes_out = 0, bytes_in = 0; ///< per poll
};

/// `polls` polls back to back; empty wall_ms when one failed.
overhead_run measure_polls(transport::byte_stream& line, const std::vector<iec61107::request>& requests,
                           pid_t sim, int polls) {
  overhead_run r;
  const auto bytes0 = wire_bytes_of(line.fd());
  const auto own0 = thread_cpu(), sim0 = cpu_of(sim);
  const auto started = clock_type::now();
  std::set<std::string> refused;
  for (int i = 0; i < polls; ++i) {
    std::string why;
    const auto t = clock_type::now();
    if (poll_once(line, requests, refused, why) == 0 || !refused.empty()) {
      std::fprintf(stderr, "poll %d failed: %s\n", i, why.c_str());
      return {};
    }
    r.wall_ms.push_back(seconds_since(t) * 1e3);
  }
  r.polls_per_s = polls / seconds_since(started);
  const auto own = thread_cpu() - own0, imitator = cpu_of(sim) - sim0;
  r.own = {own.user / polls, own.system / polls};
  r.sim = {imitator.user / polls, imitator.system / polls};
  const auto bytes1 = wire_bytes_of(line.fd());
  r.bytes_out = static_cast<double>(bytes1.sent - bytes0.sent) / polls;
  r.bytes_in = static_cast<double>(bytes1.received - bytes0.received) / polls;
  return r;
}

/// The time the same poll's characters take on a 9600 Bd 7E1 half-duplex line (start + 7 data + parity + stop).
void print_line_time(double bytes, std::size_t replies) {
  const double chars_ms = bytes * 10.0 / 9600.0 * 1e3;
  std::printf("same poll at 9600 Bd 7E1: %.0f bytes x 10 bits = %.0f ms of characters; with the meter's minimum "
              "turnaround (20 ms, IEC 62056-21) before each of %zu replies %.0f ms; plus after_break 500 ms: %.0f ms\n",
              bytes, chars_ms, replies, chars_ms + 20.0 * static_cast<double>(replies),
              chars_ms + 20.0 * static_cast<double>(replies) + 500.0);
}

void print_overhead_summary(const char* placement, const std::vector<overhead_run>& runs) {
  std::vector<double> p50, p99, own, own_user, sim, sim_user, rate;
  for (const auto& r : runs) {
    p50.push_back(percentile(r.wall_ms, 0.5));
    p99.push_back(percentile(r.wall_ms, 0.99));
    own.push_back(r.own.total() * 1e6);
    own_user.push_back(r.own.user * 1e6);
    sim.push_back(r.sim.total() * 1e6);
    sim_user.push_back(r.sim.user * 1e6);
    rate.push_back(r.polls_per_s);
  }
  std::printf("poll, %s (median of %zu runs): p50 %.3f ms, p99 %.3f ms, %.0f polls/s; CPU per poll: reading side "
              "%.0f us (user %.0f us), imitator %.0f us (user %.0f us)\n",
              placement, runs.size(), median(p50), median(p99), median(rate), median(own), median(own_user),
              median(sim), median(sim_user));
}

void print_poll_run(const char* placement, int run, const overhead_run& r) {
  std::printf("poll run %d, %s: %zu polls, p50 %.3f ms, p99 %.3f ms, max %.3f ms, %.0f polls/s; CPU per poll: reading "
              "side %.0f us (user %.0f, kernel %.0f), imitator %.0f us (user %.0f, kernel %.0f); %.0f bytes out, "
              "%.0f in per poll\n",
              run, placement, r.wall_ms.size(), percentile(r.wall_ms, 0.5), percentile(r.wall_ms, 0.99),
              percentile(r.wall_ms, 1.0), r.polls_per_s, r.own.total() * 1e6, r.own.user * 1e6, r.own.system * 1e6,
              r.sim.total() * 1e6, r.sim.user * 1e6, r.sim.system * 1e6, r.bytes_out, r.bytes_in);
}

/// The requests of a steady-state poll: as in the service, the first poll learns which registers the meter refuses
/// (it also warms up the connection, page faults and caches). Empty when the polls failed.
std::vector<iec61107::request> steady_requests(transport::byte_stream& line, bool print) {
  std::set<std::string> refused;
  std::string why;
  (void) poll_once(line, iec61107_service::poll_requests(poll_family, {}), refused, why);
  auto requests = iec61107_service::poll_requests(poll_family, refused);
  why.clear();
  const auto readings = poll_once(line, requests, refused, why);
  if (readings == 0) {
    std::fprintf(stderr, "warm-up poll failed: %s\n", why.c_str());
    return {};
  }
  if (print)
    std::printf("poll: sign-on, identification, option select, password, %zu register reads (date, time and every "
                "instantaneous register of three_phase the meter has; refused on the first poll: %zu), break; "
                "%zu readings; after_break 0, imitator reply delay 0\n",
                requests.size(), refused.size(), readings);
  return requests;
}

/// The first CPU this process may run on, and the whole set, to put back after pinning.
struct cpu_mask {
  cpu_set_t allowed;
  int first = 0;
};

cpu_mask current_cpus() {
  cpu_mask m;
  CPU_ZERO(&m.allowed);
  if (::sched_getaffinity(0, sizeof m.allowed, &m.allowed) != 0)
    return m;
  while (m.first < CPU_SETSIZE - 1 && !CPU_ISSET(m.first, &m.allowed))
    ++m.first;
  return m;
}

/// Runs of `polls` polls against an imitator; with `same_core`, it and this thread share one CPU, else the
/// scheduler places both. False when a poll failed.
bool poll_runs(const testing::temp_dir& dir, int polls, int runs, bool same_core) {
  const auto cpus = current_cpus();
  imitator sim = start_imitator(dir, {"00000001:00000000"}, same_core ? 0 : 1, same_core ? cpus.first : -1);
  if (!wait_listening(sim))
    return false;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpus.first, &one);
  if (same_core && ::sched_setaffinity(0, sizeof one, &one) != 0)
    return false;
  auto line = transport::connect_tcp("127.0.0.1", static_cast<std::uint16_t>(sim.port), 5s);
  if (!line)
    std::fprintf(stderr, "cannot connect to the imitator: %s\n", describe(line.error()).c_str());
  const auto requests = line ? steady_requests(**line, same_core) : std::vector<iec61107::request>{};
  std::vector<overhead_run> all;
  for (int run = 1; run <= runs && !requests.empty(); ++run) {
    auto r = measure_polls(**line, requests, sim.proc->pid(), polls);
    if (r.wall_ms.empty())
      break;
    print_poll_run(same_core ? "same core" : "free placement", run, r);
    all.push_back(std::move(r));
  }
  ::sched_setaffinity(0, sizeof cpus.allowed, &cpus.allowed);
  if (all.size() != static_cast<std::size_t>(runs))
    return false;
  print_overhead_summary(same_core ? "imitator and reading side on one core" : "free placement", all);
  if (!same_core) // Round trips: sign-on, option select, password, one per register; the break has no answer.
    print_line_time(all.back().bytes_out + all.back().bytes_in, requests.size() + 3);
  return true;
}

// ---- 2. and 3. the service across many lines -----------------------------------------------------------------------

/// What one start of meterhub-iec61107 is given: the first `lines` imitators, each of their meters at `interval`
/// under `ids_per_meter` device ids (more than one only to give a single line more demand than it can serve: the
/// imitator answers its address whatever the device id).
struct fleet_plan {
  std::size_t lines = 1;
  int ids_per_meter = 1;
  std::string interval = "1s";

  std::size_t entries() const { return lines * meters_per_line * static_cast<std::size_t>(ids_per_meter); }
};

std::string fleet_config(const std::vector<imitator>& sims, const fleet_plan& plan) {
  std::ostringstream out;
  out << "lines:\n";
  for (std::size_t i = 0; i < plan.lines; ++i) {
    out << "  - port: 127.0.0.1:" << sims[i].port << "\n    reply_timeout: 2s\n    after_break: 0ms\n    meters:\n";
    for (int k = 0; k < plan.ids_per_meter; ++k)
      for (int m = 0; m < meters_per_line; ++m) {
        const auto address = meter_address(static_cast<int>(i), m);
        out << "      - {address: '" << address << "', password: '00000000', interval: " << plan.interval;
        if (plan.ids_per_meter > 1)
          out << ", id: 'iec61107-" << address << "-" << k << "'";
        out << "}\n";
      }
  }
  return out.str();
}

/// The sum of every series that starts with `prefix` (a name and "{") and holds `label`.
std::uint64_t series_sum(const std::string& metrics, const std::string& prefix, const std::string& label) {
  std::uint64_t sum = 0;
  std::istringstream lines{metrics};
  for (std::string line; std::getline(lines, line);)
    if (line.compare(0, prefix.size(), prefix) == 0 && line.find(label) != std::string::npos)
      sum += std::strtoull(line.c_str() + line.rfind(' ') + 1, nullptr, 10);
  return sum;
}

/// The devices with at least one successful poll.
std::size_t devices_polled(const std::string& metrics) {
  std::size_t count = 0;
  std::istringstream lines{metrics};
  const std::string prefix = "meterhub_iec61107_polls_total{";
  for (std::string line; std::getline(lines, line);)
    if (line.compare(0, prefix.size(), prefix) == 0 && line.find("result=\"ok\"") != std::string::npos &&
        std::strtoull(line.c_str() + line.rfind(' ') + 1, nullptr, 10) > 0)
      ++count;
  return count;
}

/// Poll sessions of every device with `result` (ok, failed).
std::uint64_t polls_total(const std::string& metrics, const std::string& result) {
  return series_sum(metrics, "meterhub_iec61107_polls_total{", "result=\"" + result + "\"");
}

struct adapter : bench::daemon_process {
  std::size_t devices_polled() const { return ::devices_polled(metrics_of(http_port)); }
};

/// meterhub-iec61107 run with `config`, as deployed (log level info); null when it did not reach the broker.
adapter start_adapter(const testing::temp_dir& dir, const testing::mosquitto_broker& broker, const std::string& name,
                      const std::string& config) {
  const auto file = dir / (name + ".yaml");
  std::ofstream(file) << config;
  return adapter{bench::start_daemon(dir, broker, "meterhub-iec61107", name, file)};
}

/// CPU seconds of the first `count` imitators.
double imitators_cpu_seconds(const std::vector<imitator>& sims, std::size_t count) {
  double sum = 0;
  for (std::size_t i = 0; i < count; ++i)
    sum += cpu_seconds_of(sims[i].proc->pid());
  return sum;
}

struct window_result {
  double ok_per_minute = 0, failed_per_minute = 0;
  double service_cores = 0, service_user_cores = 0, imitator_cores = 0, broker_cores = 0; ///< mean cores busy
  double machine_cores = 0;
  double archive_passes = 0; ///< in the window (the first pass of each meter follows its first poll, in warm-up)
};

window_result measure_window(const adapter& a, const std::vector<imitator>& sims, std::size_t lines, int seconds) {
  const pid_t broker = child_named("mosquitto");
  const double broker0 = cpu_seconds_of(broker);
  const auto m0 = metrics_of(a.http_port);
  const auto service0 = cpu_of(a.proc->pid());
  const double sims0 = imitators_cpu_seconds(sims, lines);
  const auto machine0 = machine_now();
  const auto started = clock_type::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const auto m1 = metrics_of(a.http_port);
  const double elapsed = seconds_since(started);
  window_result r;
  const auto service = cpu_of(a.proc->pid()) - service0;
  r.service_cores = service.total() / elapsed;
  r.service_user_cores = service.user / elapsed;
  r.imitator_cores = (imitators_cpu_seconds(sims, lines) - sims0) / elapsed;
  r.broker_cores = (cpu_seconds_of(broker) - broker0) / elapsed;
  const auto machine1 = machine_now();
  r.machine_cores = (machine1.busy - machine0.busy) / (machine1.total - machine0.total) *
                    static_cast<double>(::sysconf(_SC_NPROCESSORS_ONLN));
  r.ok_per_minute = static_cast<double>(polls_total(m1, "ok") - polls_total(m0, "ok")) / elapsed * 60.0;
  r.failed_per_minute = static_cast<double>(polls_total(m1, "failed") - polls_total(m0, "failed")) / elapsed * 60.0;
  r.archive_passes = static_cast<double>(series_sum(m1, "meterhub_iec61107_archive_passes_total{", "") -
                                         series_sum(m0, "meterhub_iec61107_archive_passes_total{", ""));
  return r;
}

void print_memory(const char* label, pid_t pid) {
  const auto m = testing::memory_of(pid);
  std::printf("  memory %s: RSS %.1f MB, PSS %.1f MB, peak RSS (VmHWM) %.1f MB, %llu threads\n", label,
              static_cast<double>(m.resident_kib) / 1024.0, static_cast<double>(m.proportional_kib) / 1024.0,
              static_cast<double>(m.peak_resident_kib) / 1024.0,
              static_cast<unsigned long long>(status_field(pid, "Threads:")));
}

/// Starts the adapter with `plan` and waits until every configured meter was polled once; null on failure.
adapter start_and_poll_all(const testing::temp_dir& dir, const testing::mosquitto_broker& broker,
                           const std::vector<imitator>& sims, const fleet_plan& plan) {
  const auto name = "iec61107-" + std::to_string(plan.lines) + "-lines-" + plan.interval;
  const auto started = clock_type::now();
  auto a = start_adapter(dir, broker, name, fleet_config(sims, plan));
  if (a.proc && !testing::eventually([&] { return a.devices_polled() >= plan.entries(); }, 90s)) {
    std::fprintf(stderr, "%s: not every meter was polled within 90 s: %zu of %zu\n", name.c_str(),
                 a.devices_polled(), plan.entries());
    a.proc.reset();
  }
  if (a.proc)
    std::printf("  every meter polled once %.1f s after the start (each first poll is followed by an archive pass)\n",
                seconds_since(started));
  return a;
}

/// Idle: the meters at interval 60s; once every meter was polled once (and its first archive pass, which follows
/// the poll, had 5 s to end), memory and the CPU of 5 s without a poll.
bool idle_run(const testing::temp_dir& dir, const testing::mosquitto_broker& broker,
              const std::vector<imitator>& sims, std::size_t lines) {
  auto a = start_and_poll_all(dir, broker, sims, {lines, 1, "60s"});
  if (!a.proc)
    return false;
  std::this_thread::sleep_for(5s);
  const auto label = "idle (" + std::to_string(lines * meters_per_line) + " meters at interval 60s, each polled once)";
  print_memory(label.c_str(), a.proc->pid());
  const double cpu0 = cpu_seconds_of(a.proc->pid());
  std::this_thread::sleep_for(5s);
  const double idle = cpu_seconds_of(a.proc->pid()) - cpu0;
  std::printf("  idle CPU (5 s without a poll): %.1f%% of a core\n", idle / 5.0 * 100);
  a.proc->stop();
  return true;
}

/// Loaded: every meter at interval 1s, demand above capacity; warm-up, then the measured window.
bool loaded_run(const testing::temp_dir& dir, const testing::mosquitto_broker& broker,
                const std::vector<imitator>& sims, const fleet_plan& plan, int seconds) {
  auto a = start_and_poll_all(dir, broker, sims, plan);
  if (!a.proc)
    return false;
  std::this_thread::sleep_for(3s);
  const auto before = testing::memory_of(a.proc->pid());
  const auto r = measure_window(a, sims, plan.lines, seconds);
  const auto lines = static_cast<double>(plan.lines);
  std::printf("  polled: %.0f meters/min (%.0f per line: one poll per %.2f ms on each line), %.0f failed polls/min; "
              "demand %zu/min\n",
              r.ok_per_minute, r.ok_per_minute / lines, 60e3 * lines / std::max(r.ok_per_minute, 1.0),
              r.failed_per_minute, plan.entries() * 60);
  const double per_poll = 60e6 / std::max(r.ok_per_minute, 1.0); // core-seconds per minute to us per poll
  std::printf("  CPU in the window: meterhub-iec61107 %.2f cores (%.0f us per poll, user %.0f us), imitators %.2f "
              "cores (%.0f us per poll), Mosquitto %.2f cores, machine %.2f of %ld cores busy; %.0f archive passes\n",
              r.service_cores, r.service_cores * per_poll, r.service_user_cores * per_poll, r.imitator_cores,
              r.imitator_cores * per_poll, r.broker_cores, r.machine_cores, ::sysconf(_SC_NPROCESSORS_ONLN),
              r.archive_passes);
  char label[64];
  std::snprintf(label, sizeof label, "after the window (RSS at its start %.1f MB)",
                static_cast<double>(before.resident_kib) / 1024.0);
  print_memory(label, a.proc->pid());
  a.proc->stop();
  return true;
}

/// Parts 2 and 3: `lines` imitated lines, then one line. Each imitated meter is configured under several device ids
/// (2 on the many lines, 40 on the one) so that the demand exceeds what the service can serve: 1600 meters at 1 s on
/// 50 lines did not saturate a quiet 2-core machine.
bool service_across_lines(const testing::temp_dir& dir, std::size_t lines, int seconds) {
  testing::mosquitto_broker broker{dir.path()};
  std::vector<imitator> sims;
  for (std::size_t i = 0; i < lines; ++i) {
    std::vector<std::string> meters;
    for (int m = 0; m < meters_per_line; ++m)
      meters.push_back(meter_address(static_cast<int>(i), m) + ":00000000");
    sims.push_back(start_imitator(dir, meters, static_cast<int>(i) + 1));
  }
  for (auto& s : sims)
    if (!wait_listening(s))
      return false;
  for (const auto& plan : {fleet_plan{lines, 2, "1s"}, fleet_plan{1, 40, "1s"}}) {
    std::printf("meterhub-iec61107, %zu line(s), %zu meters at interval 1s (%d per line x %d device ids), "
                "after_break 0ms, %d s window:\n",
                plan.lines, plan.entries(), meters_per_line, plan.ids_per_meter, seconds);
    if (!loaded_run(dir, broker, sims, plan, seconds) || !idle_run(dir, broker, sims, plan.lines))
      return false;
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  const int polls = argc > 1 ? std::atoi(argv[1]) : 300;
  const int window = argc > 2 ? std::atoi(argv[2]) : 30;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 5;
  const int lines = argc > 4 ? std::atoi(argv[4]) : 50;
  if (polls < 1 || window < 1 || runs < 1 || lines < 1) {
    std::fprintf(stderr, "usage: iec61107_bench [polls per run] [window seconds] [runs] [lines]\n");
    return 64;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0); // each figure as it is measured, also through a pipe
  try { // the fixtures throw when a program cannot start; unwinding stops every process started so far
    testing::temp_dir dir{"meterhub-iec61107-bench"};
    if (!poll_runs(dir, polls, runs, true) || !poll_runs(dir, polls, runs, false))
      return 1;
    return service_across_lines(dir, static_cast<std::size_t>(lines), window) ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "iec61107_bench: %s\n", e.what());
    return 1;
  }
}

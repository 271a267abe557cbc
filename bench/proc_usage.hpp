#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>

/// What the kernel counts about processes, for benchmarks that split a workload's CPU time between the programs
/// taking part: /proc/<pid>/stat, /proc/<pid>/status, /proc/stat and getrusage.
namespace meterhub::bench {

/// CPU seconds in user space and in the kernel.
struct cpu_time {
  double user = 0, system = 0;
  double total() const { return user + system; }
  cpu_time operator-(const cpu_time& o) const { return {user - o.user, system - o.system}; }
};

/// What a process has used so far, all its threads, from /proc/<pid>/stat (clock ticks, so 10 ms steps); zero when
/// it is gone.
inline cpu_time cpu_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto name_end = text.rfind(')'); // the command name may hold spaces
  if (name_end == std::string::npos)
    return {};
  std::istringstream fields{text.substr(name_end + 2)};
  std::string skip;
  for (int field = 3; field < 14; ++field) // proc(5): utime is field 14, stime 15
    fields >> skip;
  unsigned long long user = 0, system = 0;
  fields >> user >> system;
  const auto tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return {static_cast<double>(user) / tick, static_cast<double>(system) / tick};
}

/// What the calling thread has used so far (getrusage, microseconds).
inline cpu_time thread_cpu() {
  rusage u{};
  if (::getrusage(RUSAGE_THREAD, &u) != 0)
    return {};
  const auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return {s(u.ru_utime), s(u.ru_stime)};
}

/// The child of this process whose command name is `name` (for fixtures that do not tell their PID); -1 if none.
inline pid_t child_named(const std::string& name) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const auto pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos)
      continue; // /proc/net and friends are folders: reading their "stat" throws
    std::ifstream in(entry.path() / "stat");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto open = text.find('('), close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos || text.substr(open + 1, close - open - 1) != name)
      continue;
    std::istringstream fields{text.substr(close + 2)};
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    if (parent == ::getpid())
      return static_cast<pid_t>(std::stoi(pid));
  }
  return -1;
}

/// The whole machine's busy and total CPU time (/proc/stat, all cores), in clock ticks.
struct machine_ticks {
  double busy = 0, total = 0;
};

inline machine_ticks machine_now() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  machine_ticks t;
  double v = 0;
  for (int i = 0; i < 8 && in >> v; ++i) { // user nice system idle iowait irq softirq steal
    t.total += v;
    if (i != 3 && i != 4)
      t.busy += v;
  }
  return t;
}

/// The number on a line of /proc/<pid>/status ("Threads:", "VmHWM:"); 0 when absent.
inline std::uint64_t status_field(pid_t pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.compare(0, name.size(), name) == 0)
      return std::strtoull(line.c_str() + name.size(), nullptr, 10);
  return 0;
}

} // namespace meterhub::bench

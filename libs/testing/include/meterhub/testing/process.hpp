#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

/// Test fixtures that start real programs (Mosquitto, the services, the simulators) and stop exactly them, by PID.
namespace meterhub::testing {

/// A child process in its own session, stdin from /dev/null, stdout and stderr to files (ctest waits for inherited
/// pipes, so nothing is inherited). Stopped on destruction.
class process {
public:
  /// Starts `argv[0]` (an absolute path or a name looked up in PATH), stdin from `stdin_file` (empty: /dev/null).
  /// Throws std::runtime_error when it cannot.
  process(std::vector<std::string> argv, const std::filesystem::path& log_dir, std::string name,
          const std::filesystem::path& stdin_file = {});
  ~process();
  process(const process&) = delete;
  process& operator=(const process&) = delete;

  pid_t pid() const noexcept { return pid_; }
  /// False once the process exited (a zombie counts as exited).
  bool alive();
  /// SIGTERM, then SIGKILL after `grace`; waits for it.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
  /// SIGKILL and wait: a crash as the operating system sees it.
  void kill_hard();
  /// Exit status once stopped (-1 while running or when killed by a signal).
  int exit_code() const noexcept { return exit_code_; }
  /// Waits for a normal exit; false on timeout.
  bool wait_exit(std::chrono::milliseconds timeout);

  std::string stdout_text() const;
  std::string stderr_text() const;
  const std::filesystem::path& stdout_path() const noexcept { return out_; }

private:
  bool reap(bool block);

  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::filesystem::path out_;
  std::filesystem::path err_;
};

/// A free TCP port on 127.0.0.1 for a server the test starts next. Chosen at random below the kernel's ephemeral
/// range: a port from that range (what binding port 0 gives) can be taken as the local port of any outgoing
/// connection on the machine before the server binds it, and the server then fails to start. Tests run in
/// parallel; the random choice keeps two of them from picking the same port.
int free_port();

/// True once something accepts TCP connections on 127.0.0.1:`port`, polling until `timeout`.
bool wait_for_port(int port, std::chrono::milliseconds timeout);

/// Polls `condition` every 20 ms until it is true or `timeout` passes.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition())
      return true;
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    struct timespec ts{0, 20'000'000};
    nanosleep(&ts, nullptr);
  }
}

/// A fresh temporary folder removed on destruction (kept when MH_KEEP_TEST_DIRS is set, for post-mortems).
class temp_dir {
public:
  explicit temp_dir(const std::string& prefix = "meterhub-test");
  ~temp_dir();
  const std::filesystem::path& path() const noexcept { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
  std::filesystem::path path_;
};

/// Resident memory of a process as the kernel reports it (`VmRSS`, `VmHWM` in /proc/<pid>/status, `Pss` in
/// /proc/<pid>/smaps_rollup), for benchmarks
/// that hold services to a memory budget. Zero when the process is gone.
struct memory_use {
  std::uint64_t resident_kib = 0;      ///< now
  std::uint64_t peak_resident_kib = 0; ///< the most it ever had resident
  /// Proportional set size: shared pages (library code) divided among the processes that map them.
  std::uint64_t proportional_kib = 0;
  /// The anonymous part of the PSS (heap, stacks: the process's own), which does not depend on what else runs.
  std::uint64_t proportional_anon_kib = 0;
  /// The file-backed part (the binary and its libraries' pages, shared with whatever else maps them).
  std::uint64_t proportional_file_kib = 0;
};
memory_use memory_of(pid_t pid);

/// Path of a built program in the build tree (`MH_BINARY_DIR/bin/<name>`).
std::filesystem::path program(const std::string& name);

} // namespace meterhub::testing

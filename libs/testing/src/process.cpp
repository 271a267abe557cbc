#include "meterhub/testing/process.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace meterhub::testing {

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::filesystem::path& in,
                             const std::filesystem::path& out, const std::filesystem::path& err) {
  ::setsid();
  int in_fd = ::open(in.empty() ? "/dev/null" : in.c_str(), O_RDONLY);
  int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0)
    ::_exit(126);
  ::dup2(in_fd, 0);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  for (int fd = 3; fd < 1024; ++fd)
    ::close(fd);
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  ::_exit(127);
}

} // namespace

process::process(std::vector<std::string> argv, const std::filesystem::path& log_dir, std::string name,
                 const std::filesystem::path& stdin_file)
  : out_(log_dir / (name + ".out")), err_(log_dir / (name + ".err")) {
  if (argv.empty())
    throw std::runtime_error("process: empty command");
  pid_ = ::fork();
  if (pid_ < 0)
    throw std::runtime_error("process: fork failed");
  if (pid_ == 0)
    exec_child(argv, stdin_file, out_, err_);
}

process::~process() {
  stop();
}

bool process::reap(bool block) {
  if (pid_ <= 0)
    return true;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == 0)
    return false;
  if (r == pid_)
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
  return true;
}

bool process::alive() {
  return !reap(false);
}

void process::stop(std::chrono::milliseconds grace) {
  if (!alive())
    return;
  ::kill(pid_, SIGTERM);
  if (eventually([this] { return !alive(); }, grace))
    return;
  kill_hard();
}

void process::kill_hard() {
  if (!alive())
    return;
  ::kill(pid_, SIGKILL);
  reap(true);
}

bool process::wait_exit(std::chrono::milliseconds timeout) {
  return eventually([this] { return !alive(); }, timeout);
}

std::string process::stdout_text() const {
  return read_file(out_);
}

std::string process::stderr_text() const {
  return read_file(err_);
}

namespace {

/// Binds `port` on 127.0.0.1 (0: any) and releases it; the port bound, or 0.
int try_bind(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  socklen_t len = sizeof addr;
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  return bound ? ntohs(addr.sin_port) : 0;
}

/// The first port of the kernel's ephemeral range (32768 unless configured otherwise).
int ephemeral_start() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 32768;
  in >> low;
  return low;
}

} // namespace

int free_port() {
  static const int below = ephemeral_start();
  constexpr int lowest = 10000;
  if (below - lowest >= 1000) {
    static std::mt19937 rng{std::random_device{}()};
    std::uniform_int_distribution<int> pick(lowest, below - 1);
    for (int attempt = 0; attempt < 200; ++attempt)
      if (int port = try_bind(pick(rng)))
        return port;
  }
  if (int port = try_bind(0)) // a machine whose ephemeral range leaves no room below it
    return port;
  throw std::runtime_error("free_port: cannot bind");
}

bool wait_for_port(int port, std::chrono::milliseconds timeout) {
  return eventually(
    [port] {
      int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(static_cast<std::uint16_t>(port));
      bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      ::close(fd);
      return ok;
    },
    timeout);
}

temp_dir::temp_dir(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  path_ = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(rng() % 1'000'000'000'000ull));
  std::filesystem::create_directories(path_);
}

temp_dir::~temp_dir() {
  if (std::getenv("MH_KEEP_TEST_DIRS") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
}

namespace {

/// The number after `name` on the first line of `file` that starts with it (kB fields of /proc files); 0 if none.
std::uint64_t proc_field(const std::string& file, std::string_view name) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    if (line.compare(0, name.size(), name) == 0)
      return std::strtoull(line.c_str() + name.size(), nullptr, 10);
  return 0;
}

} // namespace

memory_use memory_of(pid_t pid) {
  const auto dir = "/proc/" + std::to_string(pid);
  return {proc_field(dir + "/status", "VmRSS:"), proc_field(dir + "/status", "VmHWM:"),
          proc_field(dir + "/smaps_rollup", "Pss:"), proc_field(dir + "/smaps_rollup", "Pss_Anon:"),
          proc_field(dir + "/smaps_rollup", "Pss_File:")};
}

std::filesystem::path program(const std::string& name) {
  return std::filesystem::path{MH_BINARY_DIR} / "bin" / name;
}

} // namespace meterhub::testing

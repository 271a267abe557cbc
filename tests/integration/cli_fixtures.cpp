#include "cli_fixtures.hpp"

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meterhub/testing/process.hpp"

namespace meterhub::it::cli {

using namespace std::chrono_literals;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The child's side of `run`: its own session, the three descriptors redirected, nothing else inherited.
[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::filesystem::path& in,
                             const std::filesystem::path& out, const std::filesystem::path& err) {
  ::setsid();
  int in_fd = ::open(in.empty() ? "/dev/null" : in.c_str(), O_RDONLY);
  int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0 || ::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 ||
      ::dup2(err_fd, 2) < 0)
    ::_exit(126);
  for (int fd = 3; fd < 1024; ++fd)
    ::close(fd);
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  ::_exit(127);
}

} // namespace

run_result run(const std::vector<std::string>& argv, const std::filesystem::path& dir, const std::string& name,
               std::chrono::milliseconds timeout, const std::filesystem::path& stdin_file) {
  if (argv.empty())
    throw std::runtime_error("run: empty command");
  const auto out = dir / (name + ".out"), err = dir / (name + ".err");
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error("run: fork failed");
  if (pid == 0)
    exec_child(argv, stdin_file, out, err);
  run_result r;
  int status = 0;
  const bool ended = testing::eventually([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, timeout);
  if (!ended) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    r.timed_out = true;
  }
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  r.exit_code = !r.timed_out && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

int number_after(const std::string& text, const std::string& marker) {
  const auto at = text.find(marker);
  if (at == std::string::npos)
    return 0;
  return std::atoi(text.c_str() + at + marker.size());
}

bus_listener::bus_listener(const std::string& url, const std::string& filter) {
  static std::mt19937_64 rng{std::random_device{}()};
  client_ = std::make_unique<mqtt::async_client>(url, "cli-test-" + std::to_string(rng() % 1'000'000'000),
                                                 mqtt::create_options(MQTTVERSION_5), nullptr);
  client_->set_message_callback([this](mqtt::const_message_ptr msg) {
    std::lock_guard<std::mutex> guard{mutex_};
    messages_.push_back({msg->get_topic(), msg->get_payload_str()});
  });
  auto opts = mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize();
  if (!client_->connect(opts)->wait_for(10s) || !client_->subscribe(filter, 1)->wait_for(10s))
    throw std::runtime_error("bus_listener: the broker at " + url + " did not accept the subscription");
}

bus_listener::~bus_listener() {
  try {
    if (client_->is_connected())
      client_->disconnect()->wait_for(5s);
  } catch (const mqtt::exception&) {
    // the broker may be gone already; nothing to clean up then
  }
}

std::vector<bus_message> bus_listener::messages() {
  std::lock_guard<std::mutex> guard{mutex_};
  return messages_;
}

} // namespace meterhub::it::cli

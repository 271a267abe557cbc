#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <mqtt/async_client.h>

/// What the command-line tests need beyond meterhub::testing: running a program to its end (optionally with stdin
/// from a file), and a plain MQTT v5 subscriber that collects what is published.
namespace meterhub::it::cli {

/// How a program run ended.
struct run_result {
  int exit_code = -1;  ///< -1 when it was killed (by a signal, or by `run` on timeout)
  bool timed_out = false;
  std::string out;     ///< stdout
  std::string err;     ///< stderr
  std::chrono::milliseconds took{0};
};

/// Runs `argv` (argv[0] an absolute path) in its own session, stdout and stderr to files in `dir` named after
/// `name`, stdin from `stdin_file` (an empty path: /dev/null). No shell is involved. A program still running after
/// `timeout` is killed by its PID and reported as timed out.
run_result run(const std::vector<std::string>& argv, const std::filesystem::path& dir, const std::string& name,
               std::chrono::milliseconds timeout, const std::filesystem::path& stdin_file = {});

/// The lines of `text`, without their line feeds; a last line without one counts too.
std::vector<std::string> lines_of(const std::string& text);

/// The number after `marker` in `text` ("ready: gRPC on port " → 43121); 0 when absent.
int number_after(const std::string& text, const std::string& marker);

/// One message as received.
struct bus_message {
  std::string topic;
  std::string payload;
};

/// A plain MQTT v5 client subscribed (QoS 1) to one filter, collecting every message on Paho's thread.
class bus_listener {
public:
  /// Connects and subscribes; throws std::runtime_error when the broker does not accept within 10 s.
  bus_listener(const std::string& url, const std::string& filter);
  ~bus_listener();
  bus_listener(const bus_listener&) = delete;
  bus_listener& operator=(const bus_listener&) = delete;

  std::vector<bus_message> messages();

private:
  std::unique_ptr<mqtt::async_client> client_;
  std::mutex mutex_;
  std::vector<bus_message> messages_;
};

} // namespace meterhub::it::cli

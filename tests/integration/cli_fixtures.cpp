#include "cli_fixtures.hpp"

#include <random>
#include <sstream>
#include <stdexcept>

#include "meterhub/testing/process.hpp"

namespace meterhub::it::cli {

using namespace std::chrono_literals;

run_result run(const std::vector<std::string>& argv, const std::filesystem::path& dir, const std::string& name,
               std::chrono::milliseconds timeout, const std::filesystem::path& stdin_file) {
  const auto started = std::chrono::steady_clock::now();
  testing::process p{argv, dir, name, stdin_file};
  run_result r;
  if (!p.wait_exit(timeout)) {
    p.kill_hard();
    r.timed_out = true;
  }
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  r.exit_code = r.timed_out ? -1 : p.exit_code();
  r.out = p.stdout_text();
  r.err = p.stderr_text();
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

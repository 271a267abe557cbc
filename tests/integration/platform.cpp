#include "platform.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "meterhub/dsmr/readings.hpp"
#include "meterhub/dsmr/telegram.hpp"
#include "meterhub/wire/convert.hpp"

namespace meterhub::it {

using namespace std::chrono_literals;

platform::platform(std::string log_level) : log_level_(std::move(log_level)), dir_("meterhub-it") {
  broker_ = std::make_unique<testing::mosquitto_broker>(dir_.path());
  query_port_ = testing::free_port();
  grpc_port_ = testing::free_port();
  p1_http_ = testing::free_port();
  storage_http_ = testing::free_port();
  gateway_http_ = testing::free_port();
}

platform::~platform() {
  for (auto* p : {&p1_, &sim_, &gateway_, &storage_})
    if (*p)
      (*p)->stop();
}

std::vector<std::string> platform::env_prefix(const std::string& state_dir, int http_port) const {
  return {"/usr/bin/env",
          "METERHUB_BUS__URL=" + broker_->url(),
          "METERHUB_BUS__STATE_DIR=" + (dir_ / state_dir).string(),
          "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(http_port),
          "METERHUB_LOG__LEVEL=" + log_level_};
}

std::unique_ptr<testing::process> platform::launch(const std::string& name, std::vector<std::string> argv) {
  return std::make_unique<testing::process>(std::move(argv), dir_.path(), name);
}

void platform::wait_for_bus(int metrics_port, testing::process& proc, const std::string& name) {
  // A subscription exists only once its subscriber connected for the first time: whatever is published before
  // that has no subscriber (MQTT keeps messages for a durable session only from then on).
  if (!testing::eventually([&] { return metric_value(metrics_of(metrics_port), "meterhub_bus_connected") == 1; },
                           20s))
    throw std::runtime_error(name + " did not connect to the broker: " + proc.stderr_text());
  std::this_thread::sleep_for(200ms); // its SUBSCRIBE follows the CONNACK
}

void platform::start_storage() {
  auto argv = env_prefix("storage-bus", storage_http_);
  for (std::string a : {testing::program("meterhub-storage").string(), std::string{"run"}, std::string{"--db"},
                        (dir_ / "db/meterhub.db").string(), std::string{"--listen"},
                        "127.0.0.1:" + std::to_string(query_port_)})
    argv.push_back(a);
  storage_ = launch("storage-" + std::to_string(storage_runs_++), argv);
  if (!testing::wait_for_port(query_port_, 20s))
    throw std::runtime_error("storage did not start: " + storage_->stderr_text());
  wait_for_bus(storage_http_, *storage_, "storage");
}

void platform::kill_storage() {
  storage_->kill_hard();
}

void platform::start_gateway() {
  auto argv = env_prefix("gateway-bus", gateway_http_);
  for (std::string a : {testing::program("meterhub-gateway").string(), std::string{"run"}, std::string{"--listen"},
                        "127.0.0.1:" + std::to_string(grpc_port_), std::string{"--storage"},
                        "127.0.0.1:" + std::to_string(query_port_)})
    argv.push_back(a);
  gateway_ = launch("gateway", argv);
  if (!testing::wait_for_port(grpc_port_, 20s))
    throw std::runtime_error("gateway did not start: " + gateway_->stderr_text());
  wait_for_bus(gateway_http_, *gateway_, "gateway");
  stub_ = v1::Gateway::NewStub(
    grpc::CreateChannel("127.0.0.1:" + std::to_string(grpc_port_), grpc::InsecureChannelCredentials()));
}

void platform::start_sim(std::vector<std::string> args) {
  std::vector<std::string> argv{testing::program("meterhub-p1-sim").string(), "--tcp-listen", "127.0.0.1:0",
                                "--record", (dir_ / "sent.jsonl").string(), "--start", "2024-06-03T10:00:00Z"};
  argv.insert(argv.end(), args.begin(), args.end());
  sim_ = launch("sim", argv);
  if (!testing::eventually([&] { return sim_->stdout_text().find("tcp: ") != std::string::npos; }, 10s))
    throw std::runtime_error("simulator did not start: " + sim_->stderr_text());
  const auto out = sim_->stdout_text();
  sim_port_ = std::stoi(out.substr(out.rfind(':') + 1));
}

void platform::start_p1(std::vector<std::string> extra_env) {
  start_p1_on("tcp://127.0.0.1:" + std::to_string(sim_port_), std::move(extra_env));
}

void platform::start_p1_on(const std::string& port, std::vector<std::string> extra_env) {
  auto argv = env_prefix("p1-bus", p1_http_);
  argv.insert(argv.end(), extra_env.begin(), extra_env.end());
  for (std::string a : {testing::program("meterhub-p1").string(), std::string{"run"}, std::string{"--port"}, port})
    argv.push_back(a);
  p1_ = launch("p1", argv);
}

namespace {

std::vector<nlohmann::json> records(const std::filesystem::path& file) {
  std::vector<nlohmann::json> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      out.push_back(nlohmann::json::parse(line));
  return out;
}

} // namespace

int platform::sent_telegrams(bool valid) const {
  int n = 0;
  for (const auto& r : records(dir_ / "sent.jsonl"))
    n += r["valid"].get<bool>() == valid;
  return n;
}

std::optional<v1::Reading> platform::latest(const std::string& device, const std::string& quantity) {
  grpc::ClientContext ctx;
  v1::LatestRequest req;
  req.set_device(device);
  req.add_quantities(quantity);
  v1::LatestResponse res;
  if (!gateway().Latest(&ctx, req, &res).ok() || res.readings_size() != 1)
    return std::nullopt;
  return res.readings(0);
}

std::vector<reading> platform::sent_readings() const {
  std::vector<reading> out;
  for (const auto& r : records(dir_ / "sent.jsonl")) {
    if (!r["valid"].get<bool>())
      continue;
    auto text = r["telegram"].get<std::string>();
    auto t = dsmr::parse_telegram(text.substr(text.find('/')));
    if (!t)
      continue;
    for (auto& reading : dsmr::to_readings(*t, {}))
      out.push_back(std::move(reading));
  }
  return out;
}

std::string metrics_of(int port) {
  httplib::Client client{"127.0.0.1", port};
  auto res = client.Get("/metrics");
  return res ? res->body : std::string{};
}

std::uint64_t metric_value(const std::string& text, const std::string& series) {
  std::istringstream lines{text};
  for (std::string line; std::getline(lines, line);) // sample lines only: "# HELP"/"# TYPE" name it too
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 && line[series.size()] == ' ')
      return static_cast<std::uint64_t>(std::stod(line.substr(series.size() + 1)));
  return 0;
}

std::vector<reading_key> unique_keys(std::vector<reading_key> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end(),
                         [](const reading_key& a, const reading_key& b) {
                           return std::get<0>(a) == std::get<0>(b) && std::get<1>(a) == std::get<1>(b);
                         }),
             keys.end());
  return keys;
}

std::vector<reading_key> keys_of(const std::vector<reading>& rs) {
  std::vector<reading_key> out;
  for (const auto& r : rs)
    if (r.value)
      out.emplace_back(r.quantity, r.time_ms, *r.value);
  return out;
}

std::vector<reading_key> platform::stored(const std::string& device) {
  std::vector<reading_key> out;
  grpc::ClientContext latest_ctx;
  v1::LatestRequest lreq;
  lreq.set_device(device);
  v1::LatestResponse lresp;
  if (!stub_->Latest(&latest_ctx, lreq, &lresp).ok())
    return out;
  for (const auto& l : lresp.readings()) {
    grpc::ClientContext ctx;
    v1::RangeRequest req;
    req.set_device(device);
    req.set_quantity(l.quantity());
    req.set_from_unix_ms(0);
    req.set_to_unix_ms(4'000'000'000'000);
    req.set_limit(1'000'000);
    v1::RangeResponse resp;
    if (!stub_->Range(&ctx, req, &resp).ok())
      continue;
    for (const auto& r : resp.readings())
      if (r.has_value())
        out.emplace_back(r.quantity(), r.time_unix_ms(), r.value());
  }
  return out;
}

std::optional<v1::DeviceState> platform::device_state(const std::string& device) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::ListDevicesResponse listed;
  if (!stub_->ListDevices(&ctx, {}, &listed).ok())
    return std::nullopt;
  for (const auto& d : listed.devices())
    if (d.device() == device)
      return d.state();
  return std::nullopt;
}

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

} // namespace meterhub::it

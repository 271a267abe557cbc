#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "meterhub/core/reading.hpp"
#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"
#include "meterhub/v1/gateway.grpc.pb.h"

/// The whole platform as real processes for integration tests: Mosquitto, meterhub-storage, meterhub-gateway,
/// meterhub-p1 and meterhub-p1-sim, each on free loopback ports, stopped by PID.
namespace meterhub::it {

using reading_key = std::tuple<std::string, std::int64_t, double>; ///< quantity, time, value

class platform {
public:
  /// `log_level` of every service: tests want "debug" for post-mortems, benchmarks "info".
  explicit platform(std::string log_level = "debug");
  ~platform();

  testing::mosquitto_broker& broker() { return *broker_; }
  const testing::temp_dir& dir() const { return dir_; }

  void start_storage();
  void kill_storage(); ///< SIGKILL
  void start_gateway();
  /// Starts the simulator on a TCP port; extra arguments such as "--count", "200".
  void start_sim(std::vector<std::string> args);
  void start_p1(std::vector<std::string> extra_env = {});
  /// Starts meterhub-p1 on any port specification (a pty path, tcp://host:port, ...).
  void start_p1_on(const std::string& port, std::vector<std::string> extra_env = {});
  int p1_metrics_port() const { return p1_http_; }
  int storage_metrics_port() const { return storage_http_; }
  int gateway_metrics_port() const { return gateway_http_; }
  /// The gateway's gRPC address, for meterhubctl -g.
  std::string gateway_address() const { return "127.0.0.1:" + std::to_string(grpc_port_); }

  testing::process& sim() { return *sim_; }
  testing::process& p1() { return *p1_; }
  testing::process& storage() { return *storage_; }
  testing::process& gateway_process() { return *gateway_; }
  v1::Gateway::Stub& gateway() { return *stub_; }

  /// The readings of every telegram the simulator recorded as valid, decoded independently of the platform.
  std::vector<reading> sent_readings() const;
  int sent_telegrams(bool valid) const;

  /// Every stored reading of `device` (raw range queries per quantity through the gateway).
  std::vector<reading_key> stored(const std::string& device);
  /// The gateway's latest reading of one quantity of `device`; nullopt when it has none (or does not answer).
  std::optional<v1::Reading> latest(const std::string& device, const std::string& quantity);
  /// The gateway's DeviceState of `device` (ListDevices); nullopt when it has none (or does not answer).
  std::optional<v1::DeviceState> device_state(const std::string& device);

private:
  std::vector<std::string> env_prefix(const std::string& state_dir, int http_port = 0) const;
  /// Waits until the service behind `metrics_port` is connected to the broker (and so subscribed).
  void wait_for_bus(int metrics_port, testing::process& proc, const std::string& name);
  std::unique_ptr<testing::process> launch(const std::string& name, std::vector<std::string> argv);

  std::string log_level_;
  testing::temp_dir dir_;
  std::unique_ptr<testing::mosquitto_broker> broker_;
  int query_port_ = 0;
  int grpc_port_ = 0;
  int sim_port_ = 0;
  int p1_http_ = 0;
  int storage_http_ = 0;
  int gateway_http_ = 0;
  int storage_runs_ = 0;
  std::unique_ptr<testing::process> storage_, gateway_, sim_, p1_;
  std::unique_ptr<v1::Gateway::Stub> stub_;
};

/// The host's clock, milliseconds since the epoch: what readings stamped by the host are compared with.
std::int64_t wall_clock_ms();

/// The Prometheus text a service serves on 127.0.0.1:`port`/metrics ("" when it does not answer).
std::string metrics_of(int port);

/// The value of one series (name with its labels, as printed) in Prometheus text; 0 when absent.
std::uint64_t metric_value(const std::string& text, const std::string& series);

/// The keys sorted, one per (quantity, time): the storage contract is one row per (device, quantity, time).
std::vector<reading_key> unique_keys(std::vector<reading_key> keys);

/// (quantity, time, value) of readings that carry a value.
std::vector<reading_key> keys_of(const std::vector<reading>& rs);

} // namespace meterhub::it

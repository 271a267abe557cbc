// Why the bridge's output connection is libmosquitto: the publish rate of libmosquitto and of Paho C++ (async) to a
// real Mosquitto on loopback, 200,000 short messages on 53 topics with at most 5,000 unacknowledged, at QoS 1 and
// QoS 0, twice each. Usage: mqtt_client_bench
#include <mosquitto.h>
#include <mqtt/async_client.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"

static std::atomic<long> acked{0};
static void on_publish(struct mosquitto*, void*, int) { ++acked; }

double mosq_rate(int port, int n, int qos) {
  mosquitto_lib_init();
  auto* m = mosquitto_new("mosq-bench", true, nullptr);
  mosquitto_publish_callback_set(m, on_publish);
  mosquitto_int_option(m, MOSQ_OPT_SEND_MAXIMUM, 10000);
  mosquitto_max_inflight_messages_set(m, 10000);
  if (mosquitto_connect(m, "127.0.0.1", port, 60) != MOSQ_ERR_SUCCESS) { std::puts("connect failed"); std::exit(1); }
  mosquitto_loop_start(m);
  acked = 0;
  const std::string payload = "230.123";
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    std::string topic = "meters/dev/value_" + std::to_string(i % 53);
    while (mosquitto_publish(m, nullptr, topic.c_str(), (int)payload.size(), payload.data(), qos, false) != MOSQ_ERR_SUCCESS)
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    while (i - acked > 5000) std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  while (acked < n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  mosquitto_disconnect(m); mosquitto_loop_stop(m, false); mosquitto_destroy(m);
  return n / s;
}

struct listener : mqtt::iaction_listener {
  void on_success(const mqtt::token&) override { ++acked; }
  void on_failure(const mqtt::token&) override { ++acked; }
};

double paho_rate(int port, int n, int qos) {
  mqtt::async_client c("tcp://127.0.0.1:" + std::to_string(port), "paho-bench", mqtt::create_options(MQTTVERSION_3_1_1, 20000));
  c.connect()->wait();
  listener l;
  acked = 0;
  const std::string payload = "230.123";
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    std::string topic = "meters/dev/value_" + std::to_string(i % 53);
    c.publish(topic, payload.data(), payload.size(), qos, false, nullptr, l);
    while (i - acked > 5000) std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  while (acked < n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  c.disconnect()->wait();
  return n / s;
}

int main() {
  meterhub::testing::temp_dir dir{"mqtt-client-bench"};
  meterhub::testing::mosquitto_broker broker{dir.path()};
  const int port = broker.port();
  int n = 200000;
  for (int qos : {1, 0}) {
    std::printf("QoS %d: libmosquitto %.0f msg/s, Paho C++ %.0f msg/s\n", qos, mosq_rate(port, n, qos), paho_rate(port, n, qos));
    std::printf("QoS %d: libmosquitto %.0f msg/s, Paho C++ %.0f msg/s\n", qos, mosq_rate(port, n, qos), paho_rate(port, n, qos));
  }
}

// Simulator → meterhub-p1 → Mosquitto → meterhub-storage → meterhub-gateway, all real processes.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>

#include "platform.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

const std::string device = "p1-e0043007123456719";

/// Collects every live reading the gateway streams, until stopped.
struct stream_collector {
  std::mutex mutex;
  std::vector<reading_key> keys;
  grpc::ClientContext ctx;
  std::thread thread;

  explicit stream_collector(v1::Gateway::Stub& gw) {
    thread = std::thread([this, &gw] {
      auto reader = gw.StreamReadings(&ctx, {});
      v1::ReadingEvent ev;
      while (reader->Read(&ev))
        if (ev.reading().has_value()) {
          std::lock_guard<std::mutex> g{mutex};
          keys.emplace_back(ev.reading().quantity(), ev.reading().time_unix_ms(), ev.reading().value());
        }
      reader->Finish();
    });
  }
  std::size_t size() {
    std::lock_guard<std::mutex> g{mutex};
    return keys.size();
  }
  ~stream_collector() {
    ctx.TryCancel();
    thread.join();
  }
};

} // namespace

TEST_CASE("every value the simulator sent is readable through latest, range and stream, exactly once") {
  platform p;
  p.start_storage();
  p.start_gateway();
  std::this_thread::sleep_for(1s); // the gateway subscribes to the live readings
  stream_collector live{p.gateway()};
  p.start_sim({"--interval", "20ms", "--clock-step", "1s", "--count", "150", "--seed", "3"});
  p.start_p1();
  REQUIRE(p.sim().wait_exit(30s));
  const auto sent = keys_of(p.sent_readings());
  const auto expected = unique_keys(sent);
  REQUIRE(p.sent_telegrams(true) >= 140); // the first ones may go out before p1 connected: not recorded
  std::vector<reading_key> stored;
  testing::eventually([&] { return (stored = p.stored(device)).size() >= expected.size(); }, 30s);
  std::sort(stored.begin(), stored.end());
  CHECK(stored.size() == expected.size());
  CHECK(stored == expected);
  for (const auto& k : expected)
    if (!std::binary_search(stored.begin(), stored.end(), k)) {
      FAIL_CHECK("missing " << std::get<0>(k) << " at " << std::get<1>(k) << " = " << std::get<2>(k));
      break;
    }

  grpc::ClientContext ctx;
  v1::LatestRequest req;
  req.set_device(device);
  req.add_quantities("1-0:1.8.1");
  v1::LatestResponse latest;
  REQUIRE(p.gateway().Latest(&ctx, req, &latest).ok());
  REQUIRE(latest.readings_size() == 1);
  std::int64_t newest = 0;
  double newest_value = 0;
  for (const auto& [q, t, v] : sent)
    if (q == "1-0:1.8.1" && t >= newest) {
      newest = t;
      newest_value = v;
    }
  CHECK(latest.readings(0).time_unix_ms() == newest);
  CHECK(latest.readings(0).value() == newest_value);

  REQUIRE(testing::eventually([&] { return live.size() >= sent.size(); }, 10s));
  std::this_thread::sleep_for(300ms);
  std::lock_guard<std::mutex> g{live.mutex};
  auto streamed = live.keys;
  auto all_sent = sent;
  std::sort(streamed.begin(), streamed.end());
  std::sort(all_sent.begin(), all_sent.end());
  CHECK(streamed.size() == all_sent.size());
  CHECK(streamed == all_sent);
}

TEST_CASE("corrupt telegrams are counted in /metrics, not stored, and the services keep running") {
  platform p;
  p.start_storage();
  p.start_gateway();
  p.start_sim({"--interval", "20ms", "--clock-step", "1s", "--count", "120", "--seed", "11", "--fault",
               "bad-crc:0.2", "--fault", "truncate:0.1", "--fault", "garbage:0.2"});
  p.start_p1();
  REQUIRE(p.sim().wait_exit(30s));
  REQUIRE(p.sent_telegrams(false) > 10);
  const auto expected = unique_keys(keys_of(p.sent_readings()));
  std::vector<reading_key> stored;
  REQUIRE(testing::eventually([&] { return (stored = p.stored(device)).size() >= expected.size(); }, 30s));
  std::sort(stored.begin(), stored.end());
  CHECK(stored == expected);
  std::this_thread::sleep_for(1500ms); // the idle gap closes the last frame if it was cut short
  const auto metrics = metrics_of(p.p1_metrics_port());
  const auto port_label = metrics.substr(metrics.find("{port=\"") + 7);
  const auto port = port_label.substr(0, port_label.find('"'));
  const auto rejected = metric_value(metrics, "meterhub_p1_telegrams_rejected_total{port=\"" + port + "\",reason=\"crc\"}") +
                        metric_value(metrics, "meterhub_p1_telegrams_rejected_total{port=\"" + port + "\",reason=\"missing_crc\"}");
  CHECK(rejected == static_cast<std::uint64_t>(p.sent_telegrams(false)));
  CHECK(metric_value(metrics, "meterhub_p1_telegrams_total{port=\"" + port + "\"}") ==
        static_cast<std::uint64_t>(p.sent_telegrams(true)));
  CHECK(p.p1().alive());
  CHECK(p.storage().alive());
}

TEST_CASE("bad configuration fails at start with the exact key and reason") {
  testing::temp_dir dir;
  const auto file = dir / "p1.yaml";
  std::ofstream(file) << "meters:\n  - port: /dev/ttyUSB0\n    serial: 115200 9X1\n    timezone: Mars/Olympus\n"
                         "bus: {url: localhost, spool_max: lots}\nhttp: {listen: nowhere}\n";
  testing::process p1{{testing::program("meterhub-p1").string(), "run", "--config", file.string()}, dir.path(), "p1"};
  REQUIRE(p1.wait_exit(10s));
  CHECK(p1.exit_code() == 2);
  const auto err = p1.stderr_text();
  CHECK(err.find("meters[0].serial: expected settings such as \"115200 8N1\" or \"9600 7E1\", got \"115200 9X1\"") !=
        std::string::npos);
  CHECK(err.find("meters[0].timezone: expected Europe/Amsterdam") != std::string::npos);
  CHECK(err.find("bus.url: expected tcp://host:port or ssl://host:port, got \"localhost\"") != std::string::npos);
  CHECK(err.find("bus.spool_max: expected a size such as 64MiB") != std::string::npos);
  CHECK(err.find("http.listen: expected host:port, got \"nowhere\"") != std::string::npos);

  const auto bad_yaml = dir / "storage.yaml";
  std::ofstream(bad_yaml) << "storage: [unclosed\n";
  testing::process storage{{testing::program("meterhub-storage").string(), "run", "--config", bad_yaml.string()},
                           dir.path(), "storage"};
  REQUIRE(storage.wait_exit(10s));
  CHECK(storage.exit_code() == 2);
  CHECK(storage.stderr_text().find("config: syntax: " + bad_yaml.string() + ": line ") != std::string::npos);
}

TEST_CASE("every service, scraped and probed, stops on SIGTERM at once with exit code 0") {
  platform p;
  p.start_storage();
  p.start_gateway();
  p.start_sim({"--interval", "100ms", "--seed", "2"});
  p.start_p1();
  for (int port : {p.storage_metrics_port(), p.gateway_metrics_port(), p.p1_metrics_port()})
    REQUIRE(testing::eventually(
      [&] { return metric_value(metrics_of(port), "meterhub_bus_connected") == 1; }, 20s));
  for (auto* proc : {&p.p1(), &p.gateway_process(), &p.storage()}) {
    proc->stop(std::chrono::milliseconds(5000)); // SIGTERM; SIGKILL only after 5 s, which shows as -1
    CHECK(proc->exit_code() == 0);
  }
}

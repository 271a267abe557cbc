// meterhub-bridge: readings translated per second, in-process and end to end through a real broker, and its memory.
//
// 1. In-process, one thread: a real Swedish T211 telegram's readings (tests/data/dsmr/han-se-t211.txt) through the
//    three formats' pure code as the bridge runs them: VSCP events (script profile), the mirrors with Home Assistant
//    discovery (plain, JSON, state), and the Modbus register image.
// 2. End to end: `batches` ReadingBatches of that telegram published at QoS 1 on meterhub/v1/readings/p1-bench as
//    fast as the broker takes them, while meterhub-bridge (mirrors, discovery and VSCP on, Modbus slave on) takes them
//    from its durable inbox and publishes what they derive on the same broker. Measured from the first publish until
//    the bridge's /metrics says every batch was taken and nothing waits for the output broker: readings in per
//    second, the messages it published per second, and the bridge's CPU (user + system time from /proc) per
//    wall-clock second. Median of `runs` runs.
// 3. The bridge's memory idle after the runs: PSS (with its anonymous part), RSS, peak RSS.
//
// Usage: bridge_bench [batches=4000] [runs=3] [inproc_batches=200000] [mirror_qos=1]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <mqtt/async_client.h>

#include "daemon_process.hpp"
#include "meterhub/core/error.hpp"
#include "meterhub/dsmr/readings.hpp"
#include "meterhub/dsmr/telegram.hpp"
#include "meterhub/mirror/translator.hpp"
#include "meterhub/modbus_export/image.hpp"
#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"
#include "meterhub/vscp/event.hpp"
#include "meterhub/wire/convert.hpp"

using namespace meterhub;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using bench::median;

namespace {

reading_batch t211_batch() {
  std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/dsmr/han-se-t211.txt", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto t = dsmr::parse_telegram(text.str());
  if (!t) {
    std::fprintf(stderr, "cannot parse the T211 capture: %s\n", describe(t.error()).c_str());
    std::exit(1);
  }
  reading_batch b;
  b.device = "p1-bench";
  b.source = "p1/bench";
  b.readings = dsmr::to_readings(*t, {});
  return b;
}

// ---- 1. in-process ------------------------------------------------------------------------------------------------

modbus_export::export_map bench_map() {
  modbus_export::unit_map u;
  u.unit_id = 1;
  u.device = "p1-bench";
  std::uint16_t address = 10;
  for (const char* q : {"1-0:1.7.0", "1-0:2.7.0", "1-0:32.7.0", "1-0:52.7.0", "1-0:72.7.0", "1-0:31.7.0"}) {
    modbus_export::value_entry v;
    v.quantity = q;
    v.address = address;
    address += 2;
    u.values.push_back(v);
  }
  return {{u}};
}

/// Readings per second through VSCP, the mirrors and the register image, one thread; `messages` counts what was
/// derived.
double in_process_rate(const reading_batch& proto, int batches, std::size_t& messages) {
  vscp::settings vs;
  vs.mac = vscp::mac_address{{2, 0, 0, 0, 0, 1}};
  mirror::translator mirrors{mirror::settings{}};
  auto image = modbus_export::make_shared_image(bench_map(), 0);
  auto batch = proto;
  messages = 0;
  const auto start = clock_type::now();
  for (int i = 0; i < batches; ++i) {
    batch.sequence = static_cast<std::uint64_t>(i + 1);
    batch.received_ms = 1'700'000'000'000 + i * 1000;
    for (auto& r : batch.readings)
      r.time_ms = batch.received_ms;
    messages += vscp::translate(batch, vs, batch.received_ms).size();
    messages += mirrors.on_batch(batch).size();
    (*image)->apply(batch, batch.received_ms);
  }
  const double s = std::chrono::duration<double>(clock_type::now() - start).count();
  return static_cast<double>(batches) * static_cast<double>(proto.readings.size()) / s;
}

// ---- 2. end to end --------------------------------------------------------------------------------------------------

std::uint64_t metric(int port, const std::string& name) {
  std::istringstream in(bench::metrics_of(port));
  for (std::string line; std::getline(in, line);)
    if (line.rfind(name + " ", 0) == 0)
      return static_cast<std::uint64_t>(std::stod(line.substr(name.size() + 1)));
  return 0;
}

/// User + system CPU seconds of `pid` so far.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string f;
  unsigned long utime = 0, stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14)
      utime = std::stoul(f);
    if (i == 15) {
      stime = std::stoul(f);
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

struct run_result {
  double readings_per_s = 0, messages_per_s = 0, cores = 0;
};

run_result end_to_end(const testing::mosquitto_broker& broker, const bench::daemon_process& bridge,
                      const reading_batch& proto, int batches, std::uint64_t& sequence) {
  mqtt::async_client client(broker.url(), "bridge-bench-publisher", mqtt::create_options(MQTTVERSION_5, 100000));
  client.connect(mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize())->wait();
  const auto taken_before = metric(bridge.http_port, "meterhub_bridge_batches_total");
  const auto published_before = metric(bridge.http_port, "meterhub_bridge_published_total");
  const double cpu_before = cpu_seconds(bridge.proc->pid());
  auto batch = proto;
  std::vector<mqtt::delivery_token_ptr> window;
  const auto start = clock_type::now();
  for (int i = 0; i < batches; ++i) {
    batch.sequence = ++sequence;
    batch.received_ms = 1'700'000'000'000 + static_cast<std::int64_t>(sequence) * 1000;
    for (auto& r : batch.readings)
      r.time_ms = batch.received_ms;
    window.push_back(client.publish("meterhub/v1/readings/p1-bench", wire::encode_batch(batch), 1, false));
    if (window.size() >= 500) {
      for (auto& t : window)
        t->wait();
      window.clear();
    }
  }
  for (auto& t : window)
    t->wait();
  while (metric(bridge.http_port, "meterhub_bridge_batches_total") < taken_before + batches ||
         metric(bridge.http_port, "meterhub_bridge_pending_records") > 0)
    std::this_thread::sleep_for(20ms);
  const double s = std::chrono::duration<double>(clock_type::now() - start).count();
  const double cpu = cpu_seconds(bridge.proc->pid()) - cpu_before;
  client.disconnect()->wait();
  run_result r;
  r.readings_per_s = static_cast<double>(batches) * static_cast<double>(proto.readings.size()) / s;
  r.messages_per_s =
    static_cast<double>(metric(bridge.http_port, "meterhub_bridge_published_total") - published_before) / s;
  r.cores = cpu / s;
  return r;
}

void write_config(const std::filesystem::path& file, const std::filesystem::path& state, int mirror_qos) {
  std::ofstream(file) << "bridge:\n  state_dir: " << state.string() << "\nmirror:\n  qos: " << mirror_qos
                      << "\nvscp:\n  enabled: true\n  mac: \"02:00:00:00:00:01\"\n"
                         "modbus_export:\n  enabled: true\n  port: 0\n  units:\n    - unit: 1\n      device: p1-bench\n"
                         "      values:\n        - {quantity: \"1-0:1.7.0\", address: 10, type: f32}\n"
                         "        - {quantity: \"1-0:32.7.0\", address: 12, type: f32}\n";
}

} // namespace

int main(int argc, char** argv) {
  const int batches = argc > 1 ? std::atoi(argv[1]) : 4000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  const int inproc = argc > 3 ? std::atoi(argv[3]) : 200'000;
  const int mirror_qos = argc > 4 ? std::atoi(argv[4]) : 1;
  const auto proto = t211_batch();

  std::vector<double> rates;
  std::size_t messages = 0;
  for (int i = 0; i < runs; ++i)
    rates.push_back(in_process_rate(proto, inproc, messages));
  std::printf("in-process, one thread: %.0f readings/s through VSCP, the mirrors with discovery and the Modbus image "
              "(median of %d runs of %d batches of %zu T211 readings; %.1f messages derived per batch)\n",
              median(rates), runs, inproc, proto.readings.size(),
              static_cast<double>(messages) / static_cast<double>(inproc));

  testing::temp_dir dir{"bridge-bench"};
  testing::mosquitto_broker broker{dir.path()};
  const auto config = dir / "bridge.yaml";
  write_config(config, dir / "bridge", mirror_qos);
  auto bridge = bench::start_daemon(dir, broker, "meterhub-bridge", "bridge", config);
  if (!bridge.proc)
    return 1;
  std::uint64_t sequence = 0;
  std::vector<double> in, out, cores;
  for (int i = 0; i < runs; ++i) {
    auto r = end_to_end(broker, bridge, proto, batches, sequence);
    in.push_back(r.readings_per_s);
    out.push_back(r.messages_per_s);
    cores.push_back(r.cores);
  }
  std::printf("end to end through Mosquitto: %.0f readings/s in, %.0f derived messages/s out, %.2f cores used by "
              "meterhub-bridge (medians of %d runs of %d batches of %zu readings, QoS 1 in, mirrors at QoS %d, VSCP "
              "at QoS 0, each batch's last message at QoS 1 as its barrier)\n",
              median(in), median(out), median(cores), runs, batches, proto.readings.size(), mirror_qos);
  std::this_thread::sleep_for(5s); // idle
  const auto m = testing::memory_of(bridge.proc->pid());
  std::printf("meterhub-bridge idle after the runs: PSS %.1f MB (of it anonymous %.1f MB), RSS %.1f MB, peak RSS "
              "%.1f MB\n",
              m.proportional_kib / 1024.0, m.proportional_anon_kib / 1024.0, m.resident_kib / 1024.0,
              m.peak_resident_kib / 1024.0);
  bridge.proc->stop();
  return 0;
}

// Route B: the codec's throughput (module lines → ECHONET frames → readings, one core), meterhub-echonet's time from
// start to its first reading on the bus against meterhub-echonet-sim (without a saved PAN: scan and join; with one:
// join only), and its memory while it polls one meter.
//
// Usage: echonet_bench [frames=200000] [runs=5] [starts=3] [reply_delay_ms=500]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "daemon_process.hpp"
#include "meterhub/echonet/readings.hpp"
#include "meterhub/skstack/parser.hpp"
#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"

using namespace meterhub;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using bench::median;

namespace {

/// One Get_Res of E7, E8, E0, E3 as a BP35A1 writes it with WOPT 01.
std::string erxudp_line(std::uint16_t tid) {
  char head[64];
  std::snprintf(head, sizeof head, "1081%04X028801" "05FF01" "7204", tid);
  const std::string payload = std::string{head} + "E704000001F4" "E80400320032" "E0040001E240" "E30400000929";
  char len[24];
  std::snprintf(len, sizeof len, "%04zX", payload.size() / 2);
  return "ERXUDP FE80:0000:0000:0000:021D:1290:1234:5678 FE80:0000:0000:0000:021D:1290:1234:0001 0E1A 0E1A "
         "001D129012345678 1 " +
         std::string{len} + " " + payload + "\r\n";
}

/// Frames per second through reader → decode → readings, one thread.
double codec_rate(int frames) {
  std::string stream;
  for (int i = 0; i < 1000; ++i)
    stream += erxudp_line(static_cast<std::uint16_t>(i));
  const echonet::meter_scale scale{1, 0x01};
  std::size_t readings = 0;
  const auto start = clock_type::now();
  skstack::reader reader{skstack::module_model::bp35a1};
  for (int done = 0; done < frames; done += 1000) {
    reader.feed({reinterpret_cast<const std::uint8_t*>(stream.data()), stream.size()});
    while (auto msg = reader.next()) {
      const auto& d = std::get<skstack::udp_datagram>(**msg);
      auto f = echonet::decode(d.payload);
      readings += echonet::readings_of(*f, scale, 0)->size();
    }
  }
  const double s = std::chrono::duration<double>(clock_type::now() - start).count();
  if (readings != static_cast<std::size_t>((frames + 999) / 1000 * 1000 * 5))
    std::fprintf(stderr, "unexpected reading count %zu\n", readings);
  return ((frames + 999) / 1000 * 1000) / s;
}

struct start_result {
  double seconds = -1;
  testing::memory_use memory;
};

/// Starts meterhub-echonet on the simulator's pty and times its first reading batch on the bus; with
/// `measure_memory`, also its memory after 20 s of polling one meter (idle between the polls).
start_result first_reading(const testing::temp_dir& dir, const testing::mosquitto_broker& broker,
                           const std::string& pty, const std::filesystem::path& state, bool measure_memory) {
  const auto config = dir / "echonet.yaml";
  std::ofstream(config) << "state_dir: " << state.string() << "\nmodules:\n  - device: home\n    port: " << pty
                        << "\n    route_b_id: 00112233445566778899AABBCCDDEEFF\n    password: 0123456789AB\n";
  testing::process sub({"mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-C", "1", "-t",
                        "meterhub/v1/readings/home"},
                       dir.path(), "first-reading");
  std::this_thread::sleep_for(300ms); // subscribed before the daemon starts
  const auto start = clock_type::now();
  auto daemon = bench::start_daemon(dir, broker, "meterhub-echonet", "echonet", config);
  start_result r;
  if (!daemon.proc)
    return r;
  if (!sub.wait_exit(300s)) {
    std::fprintf(stderr, "no reading within 300 s: %s\n", daemon.proc->stderr_text().c_str());
    return r;
  }
  r.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  if (measure_memory) {
    std::this_thread::sleep_for(20s); // polling one meter, steady state
    r.memory = testing::memory_of(daemon.proc->pid());
  }
  daemon.proc->stop();
  return r;
}

} // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::atoi(argv[1]) : 200'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const int starts = argc > 3 ? std::atoi(argv[3]) : 3;
  const int reply_delay = argc > 4 ? std::atoi(argv[4]) : 500;

  std::vector<double> rates;
  for (int i = 0; i < runs; ++i)
    rates.push_back(codec_rate(frames));
  std::printf("codec: %.0f frames/s (median of %d runs of %d Get_Res frames with 4 properties, BP35A1 hex ERXUDP "
              "lines through reader, decode and readings, one thread)\n",
              median(rates), runs, frames);

  testing::temp_dir dir{"echonet-bench"};
  testing::mosquitto_broker broker{dir.path()};
  // The radio's own scan time (--scan-speed 1): the meter answers from duration 4 on, 0.01 s x 17 x 28 = 4.8 s.
  testing::process sim({testing::program("meterhub-echonet-sim").string(), "--scan-speed", "1", "--scan-min-duration",
                        "4", "--reply-delay", std::to_string(reply_delay) + "ms"},
                       dir.path(), "echonet-sim");
  if (!testing::eventually([&] { return sim.stdout_text().find("pty: ") != std::string::npos; }, 10s)) {
    std::fprintf(stderr, "the simulator did not start: %s\n", sim.stderr_text().c_str());
    return 1;
  }
  auto pty = sim.stdout_text().substr(sim.stdout_text().find("pty: ") + 5);
  pty = pty.substr(0, pty.find('\n'));

  std::vector<double> cold, warm, pss, anon, rss, peak;
  for (int i = 0; i < starts; ++i) {
    const auto state = dir / ("state-" + std::to_string(i));
    auto c = first_reading(dir, broker, pty, state, false);
    auto w = first_reading(dir, broker, pty, state, true); // the PAN saved by the cold start
    if (c.seconds < 0 || w.seconds < 0)
      return 1;
    cold.push_back(c.seconds);
    warm.push_back(w.seconds);
    pss.push_back(w.memory.proportional_kib / 1024.0);
    anon.push_back(w.memory.proportional_anon_kib / 1024.0);
    rss.push_back(w.memory.resident_kib / 1024.0);
    peak.push_back(w.memory.peak_resident_kib / 1024.0);
  }
  std::printf("first reading without a saved PAN (reset, scan from duration 4 at radio speed, join, open "
              "sequence, first poll): %.2f s (median of %d)\n",
              median(cold), starts);
  std::printf("first reading with the saved PAN (reset, join, open sequence, first poll): %.2f s (median of %d); "
              "meter reply delay %d ms\n",
              median(warm), starts, reply_delay);
  // PSS depends on how many other processes map the same libraries at that moment; its anonymous part does not.
  std::printf("meterhub-echonet polling one meter (20 s after its first reading; median of %d): PSS %.1f MB (of it "
              "anonymous %.1f MB), RSS %.1f MB, peak RSS %.1f MB\n",
              starts, median(pss), median(anon), median(rss), median(peak));
  return 0;
}

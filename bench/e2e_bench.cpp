// End-to-end latency and the memory of each service, on the whole platform as real processes.
//
// The benchmark plays the meter: meterhub-p1 connects to it over TCP as it would to a ser2net or ESP bridge, and
// each telegram (the DSMR 5 three-phase sample with a new timestamp and CRC) is written to that socket. Latency is
// the time from the write until the telegram's reading is visible through the gateway (`Latest` answers with its
// timestamp), polled every millisecond; telegrams are sent one at a time with a pause between them.
// Memory: resident set (VmRSS) and proportional set (Pss: shared library pages divided among the processes that map
// them) of meterhub-p1, meterhub-storage and meterhub-gateway idle, then the peak resident set (VmHWM) after a load
// phase: telegrams as fast as p1 takes them, a live stream client on the gateway and Latest queries in a loop.
//
// Usage: e2e_bench [latency samples (default 300)] [load seconds (default 10)]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <thread>

#include "meterhub/dsmr/framer.hpp"
#include "meterhub/transport/transport.hpp"
#include "platform.hpp"

using namespace meterhub;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr std::int64_t first_meter_time = 1'717'408'800; // 2024-06-03 10:00:00, the meter's local (CEST) clock
constexpr std::int64_t cest_offset = 7200;

/// The sample telegram's body with its timestamp line replaced: meter time `local` (seconds, local summer time).
class telegram_source {
public:
  telegram_source() {
    std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/dsmr/dsmr5-three-phase-gas.txt", std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto stamp = text.find("0-0:1.0.0(");
    const auto bang = text.rfind('!');
    if (stamp == std::string::npos || bang == std::string::npos) {
      std::fprintf(stderr, "unexpected sample telegram\n");
      std::exit(1);
    }
    head_ = text.substr(0, stamp + 10);
    tail_ = text.substr(text.find(')', stamp), bang + 1 - text.find(')', stamp));
  }

  std::string at(std::int64_t local) const {
    const std::time_t t = local;
    std::tm tm{};
    gmtime_r(&t, &tm); // the value already is local time: format it as it stands
    char stamp[16];
    std::strftime(stamp, sizeof stamp, "%y%m%d%H%M%S", &tm);
    return dsmr::finish_telegram(head_ + stamp + "S" + tail_);
  }

private:
  std::string head_, tail_;
};

std::int64_t latest_time(v1::Gateway::Stub& gw, const std::string& device) {
  grpc::ClientContext ctx;
  v1::LatestRequest req;
  req.set_device(device);
  req.add_quantities("1-0:1.8.1");
  v1::LatestResponse resp;
  if (!gw.Latest(&ctx, req, &resp).ok() || resp.readings_size() == 0)
    return 0;
  return resp.readings(0).time_unix_ms();
}

std::string first_device(v1::Gateway::Stub& gw) {
  grpc::ClientContext ctx;
  v1::ListDevicesResponse resp;
  if (!gw.ListDevices(&ctx, {}, &resp).ok() || resp.devices_size() == 0)
    return {};
  return resp.devices(0).device();
}

/// `testing::eventually` polls every 20 ms, too coarse to time a pipeline: this one polls every millisecond.
template <class Condition>
bool poll_every_millisecond(Condition condition, std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  while (!condition()) {
    if (clock_type::now() >= deadline)
      return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

struct memory_row {
  const char* name;
  testing::process* proc;
  testing::memory_use idle;
};

void print_memory(std::vector<memory_row>& rows) {
  for (auto& r : rows) {
    const auto loaded = testing::memory_of(r.proc->pid());
    std::printf("memory %-17s idle RSS %5.1f MB, PSS %4.1f MB; under load peak RSS %5.1f MB, RSS after %5.1f MB\n",
                r.name, r.idle.resident_kib / 1024.0, r.idle.proportional_kib / 1024.0,
                loaded.peak_resident_kib / 1024.0, loaded.resident_kib / 1024.0);
  }
}

/// Writes telegrams as fast as the socket takes them for `seconds`, with a stream client and Latest queries running.
std::int64_t load_phase(transport::byte_stream& meter, const telegram_source& source, std::int64_t meter_time,
                        it::platform& p, const std::string& device, int seconds) {
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> streamed{0}, queries{0};
  grpc::ClientContext stream_ctx;
  std::thread streamer([&] {
    auto reader = p.gateway().StreamReadings(&stream_ctx, {});
    v1::ReadingEvent ev;
    while (reader->Read(&ev))
      ++streamed;
    reader->Finish();
  });
  std::thread querier([&] {
    while (!done) {
      latest_time(p.gateway(), device);
      ++queries;
    }
  });
  const auto until = clock_type::now() + std::chrono::seconds(seconds);
  std::uint64_t sent = 0;
  while (clock_type::now() < until) {
    if (meter.write_all(source.at(meter_time++), 2s))
      break;
    ++sent;
  }
  std::this_thread::sleep_for(2s); // let the pipeline drain
  done = true;
  stream_ctx.TryCancel();
  streamer.join();
  querier.join();
  std::printf("load: %llu telegrams in %d s (%.0f/s), %llu readings streamed, %llu Latest queries\n",
              static_cast<unsigned long long>(sent), seconds, static_cast<double>(sent) / seconds,
              static_cast<unsigned long long>(streamed.load()), static_cast<unsigned long long>(queries.load()));
  return meter_time;
}

} // namespace

int main(int argc, char** argv) {
  const int samples = argc > 1 ? std::atoi(argv[1]) : 300;
  const int load_seconds = argc > 2 ? std::atoi(argv[2]) : 10;
  it::platform p{"info"};
  auto listener = transport::tcp_listener::bind("127.0.0.1", 0);
  if (!listener)
    return 1;
  p.start_storage();
  p.start_gateway();
  p.start_p1_on("tcp://127.0.0.1:" + std::to_string((*listener)->port()));
  auto meter = (*listener)->accept(20s);
  if (!meter) {
    std::fprintf(stderr, "meterhub-p1 did not connect: %s\n", p.p1().stderr_text().c_str());
    return 1;
  }
  const telegram_source source;
  std::int64_t meter_time = first_meter_time;
  std::string device;
  for (int i = 0; i < 50 && device.empty(); ++i) { // warm-up: the device appears in storage
    (void) (*meter)->write_all(source.at(meter_time++), 2s);
    std::this_thread::sleep_for(100ms);
    device = first_device(p.gateway());
  }
  if (device.empty()) {
    std::fprintf(stderr, "no device arrived in storage\n");
    return 1;
  }
  std::this_thread::sleep_for(3s);
  std::vector<memory_row> rows{{"meterhub-p1", &p.p1(), testing::memory_of(p.p1().pid())},
                               {"meterhub-storage", &p.storage(), testing::memory_of(p.storage().pid())},
                               {"meterhub-gateway", &p.gateway_process(), testing::memory_of(p.gateway_process().pid())}};

  std::vector<double> latencies_ms;
  for (int i = 0; i < samples; ++i) {
    const std::int64_t expected_ms = (meter_time - cest_offset) * 1000;
    const auto started = clock_type::now();
    if ((*meter)->write_all(source.at(meter_time++), 2s))
      return 1;
    if (!poll_every_millisecond([&] { return latest_time(p.gateway(), device) == expected_ms; }, 10s)) {
      std::fprintf(stderr, "telegram %d never became visible\n", i);
      return 1;
    }
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - started).count());
    std::this_thread::sleep_for(20ms);
  }
  std::printf("e2e_latency: %d telegrams, write -> visible through the gateway: p50 %.1f ms, p90 %.1f ms, "
              "p99 %.1f ms, max %.1f ms (storage.flush_interval 50 ms)\n",
              samples, percentile(latencies_ms, 0.5), percentile(latencies_ms, 0.9), percentile(latencies_ms, 0.99),
              percentile(latencies_ms, 1.0));
  load_phase(**meter, source, meter_time, p, device, load_seconds);
  print_memory(rows);
  std::printf("memory targets: p1 <= 10 MB, storage <= 30 MB, gateway <= 40 MB (resident)\n");
  return 0;
}

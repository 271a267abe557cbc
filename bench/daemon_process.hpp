#pragma once

#include <algorithm>
#include <vector>

#include <filesystem>
#include <memory>
#include <string>

#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"

/// A meterhub daemon as a benchmark runs it: `program run --config FILE` on the benchmark's broker, with a state
/// folder and an HTTP port of its own, at log level info as deployed. Shared by the benchmarks of the adapters.
namespace meterhub::bench {

struct daemon_process {
  std::unique_ptr<testing::process> proc; ///< null when the daemon did not reach the broker within 20 s
  int http_port = 0;
};

/// Starts `program` (meterhub-modbus, meterhub-iec61107, ...) as `name` with `config` and waits until its /metrics
/// says the bus is connected; prints its stderr and gives a null proc when it does not get there.
daemon_process start_daemon(const testing::temp_dir& dir, const testing::mosquitto_broker& broker,
                            const std::string& program, const std::string& name, const std::filesystem::path& config);

/// The median of a benchmark's runs (the upper middle one for an even count).
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// The daemon's /metrics text ("" when it does not answer). A plain HTTP/1.0 GET over a transport stream: the
/// cpp-httplib header would bring glibc's struct tcp_info, which clashes with the kernel's that TCP_INFO fills.
std::string metrics_of(int port);

} // namespace meterhub::bench

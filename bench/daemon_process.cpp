#include "daemon_process.hpp"

#include <array>
#include <cstdio>

#include "meterhub/transport/transport.hpp"

namespace meterhub::bench {

using namespace std::chrono_literals;

daemon_process start_daemon(const testing::temp_dir& dir, const testing::mosquitto_broker& broker,
                            const std::string& program, const std::string& name, const std::filesystem::path& config) {
  daemon_process d{nullptr, testing::free_port()};
  d.proc = std::make_unique<testing::process>(
    std::vector<std::string>{"/usr/bin/env", "METERHUB_BUS__URL=" + broker.url(),
                             "METERHUB_BUS__STATE_DIR=" + (dir / (name + "-bus")).string(),
                             "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(d.http_port),
                             "METERHUB_LOG__LEVEL=info", testing::program(program).string(), "run", "--config",
                             config.string()},
    dir.path(), name);
  const auto connected = [&] { return metrics_of(d.http_port).find("meterhub_bus_connected 1") != std::string::npos; };
  if (!testing::eventually(connected, 20s)) {
    std::fprintf(stderr, "%s did not start: %s\n", program.c_str(), d.proc->stderr_text().c_str());
    d.proc.reset();
  }
  return d;
}

std::string metrics_of(int port) {
  auto http = transport::connect_tcp("127.0.0.1", static_cast<std::uint16_t>(port), 2s);
  if (!http || (*http)->write_all("GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 2s))
    return {};
  std::string text;
  std::array<char, 16384> buffer;
  for (;;) { // HTTP/1.0: the server closes the connection after the body
    auto got = (*http)->read_some(buffer, 5s);
    if (!got || *got == 0)
      break;
    text.append(buffer.data(), *got);
  }
  const auto body = text.find("\r\n\r\n");
  return body == std::string::npos ? std::string{} : text.substr(body + 4);
}

} // namespace meterhub::bench

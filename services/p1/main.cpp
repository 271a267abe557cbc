// meterhub-p1: DSMR / P1 meters (NL, BE, LU, SE, HU) to the meterhub bus.
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <caf/all.hpp>

#include "commands.hpp"
#include "line_actor.hpp"
#include "meterhub/config/config.hpp"
#include "meterhub/service/adapter.hpp"
#include "meterhub/service/service.hpp"
#include "settings.hpp"

using namespace meterhub;

namespace {

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-p1: " << what << ": " << describe(err) << "\n";
  return 2;
}

/// In --once mode: waits until the first telegram was published and the broker acknowledged it.
bool wait_once_delivered(caf::actor_system& sys, const bus::bus_actor& bus, const std::atomic<int>& published,
                         std::chrono::milliseconds timeout) {
  caf::scoped_actor self{sys};
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    bool delivered = false;
    self->request(bus, std::chrono::seconds(1), bus::status_atom::value)
      .receive([&](const bus::bus_status& s) { delivered = published > 0 && s.published > 0 && s.spool_pending == 0; },
               [](const caf::error&) {});
    if (delivered)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

int run(const p1::settings& s, bool once) {
  logging::init(s.log);
  auto log = logging::get("p1");
  std::string failed;
  auto rt = service::adapter_runtime::start(s.bus, s.http, "p1", failed);
  if (!rt)
    return fail(failed, rt.error());
  auto& sys = (*rt)->system();
  auto published = std::make_shared<std::atomic<int>>(0);
  std::vector<caf::actor> lines;
  for (const auto& meter : s.meters)
    lines.push_back(p1::spawn_line(sys, {meter, (*rt)->links(), once, published}));
  log->info("ready: {} meter(s), metrics on port {}, broker {}", s.meters.size(), (*rt)->obs.http->port(),
            logging::redact(s.bus.url));
  int rc = 0;
  if (once) {
    const auto patience = s.meters.front().watchdog * 2;
    rc = wait_once_delivered(sys, (*rt)->bus, *published, patience) ? 0 : 1;
    if (rc != 0)
      std::cerr << "meterhub-p1: no telegram was published and acknowledged within " << patience.count() / 1000
                << " s\n";
  } else {
    log->info("stopping on signal {}", service::wait_for_stop_signal());
  }
  for (auto& l : lines)
    caf::anon_send_exit(l, caf::exit_reason::user_shutdown);
  return rc;
}

} // namespace

int main(int argc, char** argv) {
  service::block_stop_signals();
  CLI::App app{"meterhub-p1: DSMR / P1 smart meters (NL, BE, LU, SE, HU) to the meterhub bus"};
  app.require_subcommand(1);
  std::string config_file, port;
  bool once = false;
  auto* run_cmd = app.add_subcommand("run", "read the configured meters and publish their telegrams");
  run_cmd->add_option("-c,--config", config_file, "YAML configuration")->check(CLI::ExistingFile);
  run_cmd->add_option("--port", port, "the first meter's port: /dev/ttyUSB0 or tcp://host:port");
  run_cmd->add_flag("--once", once, "publish one telegram, wait for the broker's acknowledgement, exit (cron)");

  std::string input = "-", device, serial = "115200 8N1", zone = "Europe/Amsterdam", key;
  auto* decode_cmd = app.add_subcommand("decode", "decode captured P1 bytes to JSON, one reading per line");
  decode_cmd->add_option("input", input, "file with captured bytes, or - for stdin")->capture_default_str();
  auto* read_cmd = app.add_subcommand("read", "read one valid telegram from a port and print it as JSON");
  read_cmd->add_option("--port", port, "/dev/ttyUSB0 or tcp://host:port")->required();
  read_cmd->add_option("--serial", serial, "line settings")->capture_default_str();
  double timeout_s = 30;
  read_cmd->add_option("--timeout", timeout_s, "seconds to wait for a valid telegram")->capture_default_str();
  for (auto* sub : {decode_cmd, read_cmd}) {
    sub->add_option("--device", device, "device id in the output (default: p1-<equipment id>)");
    sub->add_option("--timezone", zone, "the meter's zone or offset")->capture_default_str();
    sub->add_option("--key", key, "decryption key (32 hex digits) for encrypted Smarty ports");
  }
  CLI11_PARSE(app, argc, argv);

  if (*run_cmd) {
    auto s = p1::load_settings(config_file, port);
    if (!s)
      return fail("configuration", s.error());
    return run(*s, once);
  }
  // One-shot commands: the same meter settings, built from flags.
  // decode reads no port; "/stdin" only names the device when the telegram carries no equipment id
  std::string yaml = "port: '" + (port.empty() ? std::string{"/stdin"} : port) + "'\nserial: '" + serial +
                     "'\ntimezone: '" + zone + "'\n";
  if (!key.empty())
    yaml += "decryption_key: '" + key + "'\n";
  auto doc = config::document::load_string(yaml, "METERHUB_P1_UNUSED");
  if (!doc)
    return fail("options", doc.error());
  auto meter = p1::read_meter(doc->root(), "");
  if (auto err = doc->check())
    return fail("options", err);
  if (*decode_cmd)
    return p1::decode_file(input, meter, device);
  return p1::read_once(meter, device, std::chrono::milliseconds(static_cast<long>(timeout_s * 1000)));
}

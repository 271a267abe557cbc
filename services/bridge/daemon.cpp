#include "daemon.hpp"

#include <iostream>

#include <caf/all.hpp>

#include "bridge_actor.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/topics.hpp"
#include "mirror_translator.hpp"
#include "modbus_format.hpp"
#include "output_watch.hpp"
#include "vscp_translator.hpp"

namespace meterhub::bridge {

namespace {

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-bridge: " << what << ": " << describe(err) << "\n";
  return 2;
}

/// `{mirror prefix}/_bridge/{instance}`: online while the bridge runs, offline by its last will. No device id
/// starts with `_`, so it never meets a device's topics.
std::string availability_topic(const bridge_settings& s) {
  return s.mirror.settings.prefix + "/_bridge/" + s.bus.instance;
}

void set_availability(bridge_settings& s) {
  if (!s.mirror.enabled)
    return;
  const auto topic = availability_topic(s);
  s.output.will = {topic, "offline", 1, true};
  s.output.birth = {topic, "online", 1, true};
  s.mirror.settings.discovery.bridge_availability_topic = topic;
  s.mirror.settings.discovery.origin_version = MH_VERSION;
}

} // namespace

int run_bridge(bridge_settings s, run_mode mode) {
  service::block_stop_signals();
  logging::init(s.log);
  auto log = logging::get("bridge");
  for (const auto& w : s.vscp.warnings)
    log->warn("vscp.config_ini: {}", vscp::to_string(w));
  for (const auto& w : vscp::check_settings(s.vscp.settings))
    if (s.vscp.enabled)
      log->warn("vscp: {}", vscp::to_string(w));
  set_availability(s);
  auto registry_file = s.state_dir / "homeassistant-registry.json";
  auto registry = mirror_format::load_registry(registry_file);
  if (!registry) { // a damaged state file is kept for inspection; what it recorded cannot be removed any more
    std::error_code ec;
    std::filesystem::rename(registry_file, registry_file.string() + ".damaged", ec);
    log->error("{}: {}; starting with an empty Home Assistant registry (the damaged file is {}.damaged)",
               registry_file.string(), describe(registry.error()), registry_file.string());
    registry = mirror::discovery_registry{};
  }
  service::observability obs;
  if (auto err = obs.start(s.http, "bridge"))
    return fail("http", err);
  // Everything that can fail on configuration fails here, before any actor runs: an early return after that
  // would leave the actor system waiting for actors nobody stopped.
  auto bus_handle = std::make_shared<bus::bus_actor>();
  std::shared_ptr<modbus_format> modbus;
  if (s.modbus.enabled) {
    auto started = modbus_format::start(s.modbus, bus_handle, s.bus.prefix, obs.registry);
    if (!started)
      return fail("modbus_export", started.error());
    modbus = *started;
  }

  caf::actor_system_config cfg;
  service::size_scheduler(cfg);
  caf::actor_system sys{cfg};
  std::vector<bus::output_actor> outputs;
  // The bus handle lives outside the actor system (the Modbus server's writes use it): it is emptied here, or the
  // system's destructor would wait forever for the bus actor's last reference to go.
  auto stop_all = [&] {
    if (modbus)
      modbus->stop();
    for (auto& o : outputs)
      caf::anon_send_exit(o, caf::exit_reason::user_shutdown);
    if (*bus_handle)
      caf::anon_send_exit(*bus_handle, caf::exit_reason::user_shutdown);
    *bus_handle = bus::bus_actor{};
  };
  // The bridge's own output connection, unless nothing goes there (VSCP alone, to its config.ini's broker).
  caf::expected<bus::output_actor> output = bus::output_actor{};
  if (s.mirror.enabled || (s.vscp.enabled && !s.vscp.output)) {
    output = bus::spawn_output(sys, s.output);
    if (!output) {
      stop_all();
      return fail("output", output.error());
    }
    outputs.push_back(*output);
    watch_output(sys, *output, obs);
  }

  std::vector<route> routes;
  bridge_links links{wire::topics{s.bus.prefix}, bus_handle, nullptr, *output, {}};
  if (modbus)
    routes.push_back({modbus, *output});
  if (s.vscp.enabled) {
    auto to = *output;
    if (s.vscp.output) {
      auto own = bus::spawn_output(sys, *s.vscp.output);
      if (!own) {
        stop_all();
        return fail("vscp.output", own.error());
      }
      to = *own;
      outputs.push_back(to);
    }
    routes.push_back({std::make_shared<vscp_translator>(s.vscp, obs.registry), to});
  }
  std::shared_ptr<mirror_format> mirrors;
  if (s.mirror.enabled) {
    mirror::translator t{s.mirror.settings, std::move(*registry),
                         s.bus.instance + "-" + std::to_string(service::now_ms())};
    mirrors = std::make_shared<mirror_format>(std::move(t), registry_file, obs.registry);
    caf::anon_send(*output, bus::emit_atom::value, mirrors->reconcile()); // before anything the bus brings
    routes.push_back({mirrors, *output});
    if (s.mirror.settings.commands.enabled)
      links.commands = mirrors;
  }
  caf::scoped_actor waiter{sys};
  if (mode.one_shot)
    links.notify = caf::actor_cast<caf::actor>(waiter);
  auto bridge = spawn_bridge(sys, std::move(routes), links, obs.registry);
  if (links.commands)
    for (const auto& filter : mirrors->mirrors().subscriptions())
      caf::anon_send(*output, bus::subscribe_atom::value, filter, bridge);

  const wire::topics topics{s.bus.prefix};
  std::vector<bus::subscription> subs{{topics.all("readings"), bridge, !mode.one_shot},
                                      {topics.all("alerts"), bridge, !mode.one_shot},
                                      {topics.all("state"), bridge, false}};
  if (mode.one_shot)
    subs.pop_back(); // one round of readings: device states are not what cron asks for
  auto bus = bus::spawn_bus(sys, s.bus, subs);
  if (!bus) {
    caf::anon_send_exit(bridge, caf::exit_reason::user_shutdown);
    stop_all();
    return fail("bus", bus.error());
  }
  *bus_handle = *bus;
  obs.watch_bus(sys, *bus);
  log->info("ready: {}{}{}, metrics on port {}, broker {}", s.mirror.enabled ? "mirrors " : "",
            s.vscp.enabled ? "vscp " : "", modbus ? "modbus port " + std::to_string(modbus->port()) : "",
            obs.http->port(), logging::redact(s.bus.url));
  int code = 0;
  if (mode.one_shot) {
    waiter->receive([](published_atom) {},
                    caf::after(mode.one_shot_timeout) >> [&] {
                      std::cerr << "meterhub-bridge: no reading to publish within "
                                << mode.one_shot_timeout.count() / 1000 << " s\n";
                      code = 1;
                    });
  } else {
    const int sig = service::wait_for_stop_signal();
    log->info("stopping on signal {}", sig);
  }
  caf::anon_send_exit(bridge, caf::exit_reason::user_shutdown);
  stop_all();
  return code;
}

} // namespace meterhub::bridge

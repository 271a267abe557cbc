#include "daemon.hpp"

#include <iostream>

#include <caf/all.hpp>

#include "injector.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/topics.hpp"
#include "run_settings.hpp"

namespace meterhub::um40_service {

namespace {

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-um40: " << what << ": " << describe(err) << "\n";
  return 2;
}

/// One subscription per listed device: the broker filters, and the inbox holds only what will be written.
std::vector<bus::subscription> subscriptions(const run_settings& s, const caf::actor& sink) {
  wire::topics topics{s.bus.prefix};
  std::vector<bus::subscription> out;
  for (const auto& d : s.devices) {
    const auto topic = topics.readings(d.device);
    out.push_back({s.group.empty() ? topic : wire::topics::shared(s.group, topic), sink, true});
  }
  return out;
}

} // namespace

int run_daemon(const std::filesystem::path& config_file) {
  service::block_stop_signals();
  auto s = load_run_settings(config_file);
  if (!s)
    return fail("configuration", s.error());
  logging::init(s->log);
  auto log = logging::get("um40");
  auto target = open_target(s->target);
  if (!target)
    return fail("um40.target", target.error());
  const auto where = (*target)->where();
  auto profiles = profile_store::open(s->bus.state_dir / "um40-profile-points.db");
  if (!profiles)
    return fail("bus.state_dir", profiles.error());
  auto restored = (*profiles)->load();
  if (!restored)
    return fail("bus.state_dir", restored.error());
  service::observability obs;
  if (auto err = obs.start(s->http, "um40"))
    return fail("http", err);

  caf::actor_system_config cfg;
  service::size_scheduler(cfg);
  caf::actor_system sys{cfg};
  auto bus_handle = std::make_shared<bus::bus_actor>();
  auto injector = spawn_injector(sys, std::move(*target), std::move(*profiles),
                                 {s->devices, s->mapping, s->batch_records, s->flush_interval, s->max_retry_pause,
                                  std::move(*restored)},
                                 bus_handle, obs.registry);
  auto bus = bus::spawn_bus(sys, s->bus, subscriptions(*s, injector));
  if (!bus) {
    caf::anon_send_exit(injector, caf::exit_reason::user_shutdown);
    return fail("bus", bus.error());
  }
  *bus_handle = *bus;
  obs.watch_bus(sys, *bus);
  log->info("ready: {} devices into {}, metrics on port {}, broker {}", s->devices.size(), where, obs.http->port(),
            logging::redact(s->bus.url));
  const int sig = service::wait_for_stop_signal();
  log->info("stopping on signal {}", sig);
  caf::anon_send_exit(injector, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(*bus, caf::exit_reason::user_shutdown);
  return 0;
}

} // namespace meterhub::um40_service

#include "meterhub/service/adapter.hpp"

#include <iostream>

#include <caf/all.hpp>

#include "meterhub/core/error.hpp"

#include "meterhub/service/command_router.hpp"

namespace meterhub::service {

caf::expected<std::unique_ptr<adapter_runtime>> adapter_runtime::start(const bus::bus_settings& bus,
                                                                       const metrics::http_settings& http,
                                                                       const std::string& service,
                                                                       std::string& failed_part) {
  std::unique_ptr<adapter_runtime> rt{new adapter_runtime};
  rt->topics_ = wire::topics{bus.prefix};
  rt->source_ = service + "/" + bus.instance;
  if (auto err = rt->obs.start(http, service)) {
    failed_part = "http";
    return err;
  }
  auto sequence = bus::sequence_allocator::open(bus.state_dir / "sequence");
  if (!sequence) {
    failed_part = "bus.state_dir";
    return std::move(sequence.error());
  }
  rt->sequence = std::move(*sequence);
  rt->config_ = std::make_unique<caf::actor_system_config>();
  size_scheduler(*rt->config_);
  rt->system_ = std::make_unique<caf::actor_system>(*rt->config_);
  rt->router = spawn_command_router(*rt->system_);
  auto b = bus::spawn_bus(*rt->system_, bus, {{rt->topics_.all("cmd"), rt->router, false}});
  if (!b) {
    failed_part = "bus";
    return std::move(b.error());
  }
  rt->bus = *b;
  rt->obs.watch_bus(*rt->system_, rt->bus);
  return rt;
}

adapter_links adapter_runtime::links() {
  return {bus, topics_, source_, sequence, router, &obs.registry};
}

adapter_runtime::~adapter_runtime() {
  if (router)
    caf::anon_send_exit(router, caf::exit_reason::user_shutdown);
  if (bus)
    caf::anon_send_exit(bus, caf::exit_reason::user_shutdown);
  // Handles must go before the system: releasing the last reference to an actor touches its system.
  router = caf::actor{};
  bus = bus::bus_actor{};
  system_.reset(); // waits for every actor; then the config may go
}

} // namespace meterhub::service

namespace meterhub::service {

int run_adapter(const bus::bus_settings& bus, const metrics::http_settings& http, const logging::log_settings& log,
                const std::string& service, const spawn_lines_fn& spawn_lines,
                const std::function<std::string(std::size_t line_actors)>& ready) {
  logging::init(log);
  auto logger = logging::get(service);
  std::string failed;
  auto rt = adapter_runtime::start(bus, http, service, failed);
  if (!rt) {
    std::cerr << "meterhub-" << service << ": " << failed << ": " << describe(rt.error()) << "\n";
    return 2;
  }
  const auto lines = spawn_lines((*rt)->system(), (*rt)->links());
  logger->info("ready: {}, metrics on port {}, broker {}", ready(lines.size()), (*rt)->obs.http->port(),
               logging::redact(bus.url));
  logger->info("stopping on signal {}", wait_for_stop_signal());
  for (const auto& l : lines)
    caf::anon_send_exit(l, caf::exit_reason::user_shutdown);
  return 0;
}

} // namespace meterhub::service

#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/expected.hpp>

#include "meterhub/bus/bus.hpp"
#include "meterhub/bus/sequence.hpp"
#include "meterhub/bus/settings.hpp"
#include "meterhub/metrics/http_server.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/topics.hpp"

namespace meterhub::service {

/// What each line actor of an adapter publishes and registers through; the same for every line of the daemon.
struct adapter_links {
  bus::bus_actor bus;
  wire::topics topics;
  std::string source;                                ///< "{service}/{instance}", the batches' source
  std::shared_ptr<bus::sequence_allocator> sequence; ///< shared by the adapter's lines
  caf::actor router;                                 ///< learns which devices each line owns (commands)
  metrics::registry* metrics = nullptr;
};

/// What every meter adapter's daemon starts before its line actors, in this order: /healthz and /metrics, the
/// persisted batch sequence (bus.state_dir/sequence), the actor system, the command router, and the bus with the
/// router subscribed to the adapter's command topics. The destructor stops the router and the bus; stop the line
/// actors first.
class adapter_runtime {
public:
  /// On error, `failed_part` names the part that failed ("http", "bus.state_dir", "bus") for main's message.
  /// The router is subscribed to `{bus.prefix}/v1/cmd/#`.
  static caf::expected<std::unique_ptr<adapter_runtime>> start(const bus::bus_settings& bus,
                                                               const metrics::http_settings& http,
                                                               const std::string& service,
                                                               std::string& failed_part);
  ~adapter_runtime();
  adapter_runtime(const adapter_runtime&) = delete;
  adapter_runtime& operator=(const adapter_runtime&) = delete;

  caf::actor_system& system() { return *system_; }
  /// The links to hand each line actor.
  adapter_links links();
  observability obs;
  std::shared_ptr<bus::sequence_allocator> sequence; ///< shared by the adapter's lines
  caf::actor router;                                 ///< register each device's line actor with it
  bus::bus_actor bus;

private:
  adapter_runtime() = default;
  std::unique_ptr<caf::actor_system_config> config_; ///< outlives the system, which keeps a reference to it
  std::unique_ptr<caf::actor_system> system_;
  wire::topics topics_;
  std::string source_;
};

/// Starts the line actors of an adapter on its runtime; returns them so that `run_adapter` can stop them.
using spawn_lines_fn = std::function<std::vector<caf::actor>(caf::actor_system& sys, const adapter_links& links)>;

/// The whole daemon of a meter adapter, the same for every protocol: logging, the runtime, the lines from
/// `spawn_lines`, the "ready: ..." line (`ready` says what runs, given the number of line actors; the metrics port
/// and the broker follow), then until SIGINT/SIGTERM; the lines stop before the runtime. Returns main's exit code:
/// 0, or 2 with "meterhub-{service}: {part}: {reason}" on stderr when a part could not start.
int run_adapter(const bus::bus_settings& bus, const metrics::http_settings& http, const logging::log_settings& log,
                const std::string& service, const spawn_lines_fn& spawn_lines,
                const std::function<std::string(std::size_t line_actors)>& ready);

} // namespace meterhub::service

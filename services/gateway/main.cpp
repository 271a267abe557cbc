// meterhub-gateway: the public gRPC face (devices, latest, ranges, live readings, commands).
#include <iostream>

#include <CLI/CLI.hpp>
#include <caf/all.hpp>
#include <grpcpp/grpcpp.h>

#include "bus_commands.hpp"
#include "gateway_service.hpp"
#include "live_hub.hpp"
#include "meterhub/rpc/rpc.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/convert.hpp"
#include "settings.hpp"

using namespace meterhub;

namespace {

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-gateway: " << what << ": " << describe(err) << "\n";
  return 2;
}

/// Feeds readings from the bus into the live hub.
caf::behavior live_feed(caf::event_based_actor*, gateway::live_hub* hub, metrics::counter malformed) {
  return {[=](bus::bus_message& msg) {
    if (auto batch = wire::decode_batch(msg.payload))
      hub->publish(*batch);
    else
      malformed.inc();
  }};
}

/// The live hub's own counts, copied at every scrape.
void export_live_hub(metrics::registry& registry, const gateway::live_hub& hub) {
  auto dropped = registry.make_counter("meterhub_gateway_stream_dropped_total",
                                       "Live readings dropped because a stream client did not keep up");
  registry.add_collector([&hub, dropped] { dropped.raise_to(hub.dropped()); });
}

int run(const gateway::settings& s) {
  logging::init(s.log);
  auto log = logging::get("gateway");
  // First, so it outlives the actor system (the feed actor writes into it) and the metrics endpoint (which reads it).
  gateway::live_hub hub;
  service::observability obs;
  if (auto err = obs.start(s.http, "gateway"))
    return fail("http", err);
  export_live_hub(obs.registry, hub);
  // Everything that can fail on configuration fails here, before any actor runs: an early return after that
  // would leave the actor system waiting for actors nobody stopped.
  auto storage_creds = rpc::channel_credentials(s.storage_tls, s.storage_ca);
  if (!storage_creds)
    return fail("storage.ca_file", storage_creds.error());
  auto creds = rpc::server_credentials(s.tls_cert, s.tls_key);
  if (!creds)
    return fail("grpc.tls", creds.error());
  caf::actor_system_config cfg;
  service::size_scheduler(cfg);
  caf::actor_system sys{cfg};
  auto feed = sys.spawn(live_feed, &hub,
                        obs.registry.make_counter("meterhub_gateway_malformed_total", "Undecodable bus messages"));
  wire::topics topics{s.bus.prefix};
  auto bus = bus::spawn_bus(sys, s.bus, {{topics.all("readings"), feed, false}});
  if (!bus) {
    caf::anon_send_exit(feed, caf::exit_reason::user_shutdown);
    return fail("bus", bus.error());
  }
  obs.watch_bus(sys, *bus);
  gateway::bus_commands commands{sys, *bus, topics};
  // meterhub-storage is a local dependency that comes back within seconds after a restart: retry it at most every
  // 2 s, not on gRPC's default backoff, which grows towards two minutes of refused queries.
  grpc::ChannelArguments storage_args;
  storage_args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  storage_args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  auto storage = grpc::CreateCustomChannel(s.storage_target, *storage_creds, storage_args);
  gateway::gateway_service svc{storage, hub, commands, s.query_timeout, s.token, s.storage_token};
  rpc::enable_health_and_reflection();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(s.listen, *creds, &port);
  builder.RegisterService(&svc);
  auto server = builder.BuildAndStart();
  int rc = 0;
  if (!server || port == 0) {
    std::cerr << "meterhub-gateway: grpc.listen: cannot listen on " << s.listen << "\n";
    rc = 2;
  } else {
    log->info("ready: gRPC on port {}, storage at {}, metrics on port {}, broker {}", port, s.storage_target,
              obs.http->port(), logging::redact(s.bus.url));
    log->info("stopping on signal {}", service::wait_for_stop_signal());
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  }
  caf::anon_send_exit(*bus, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(feed, caf::exit_reason::user_shutdown);
  return rc;
}

} // namespace

int main(int argc, char** argv) {
  service::block_stop_signals();
  CLI::App app{"meterhub-gateway: gRPC access to meterhub's readings, live stream and commands"};
  app.require_subcommand(1);
  std::string config_file, listen, storage;
  auto* run_cmd = app.add_subcommand("run", "run the gateway");
  run_cmd->add_option("-c,--config", config_file, "YAML configuration (default: embedded defaults)")
    ->check(CLI::ExistingFile);
  run_cmd->add_option("--listen", listen, "gRPC address host:port (overrides grpc.listen)");
  run_cmd->add_option("--storage", storage, "meterhub-storage address (overrides storage.target)");
  CLI11_PARSE(app, argc, argv);
  if (!listen.empty())
    ::setenv("METERHUB_GRPC__LISTEN", listen.c_str(), 1);
  if (!storage.empty())
    ::setenv("METERHUB_STORAGE__TARGET", storage.c_str(), 1);
  auto s = gateway::load_settings(config_file);
  if (!s)
    return fail("configuration", s.error());
  return run(*s);
}

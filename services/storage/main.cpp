// meterhub-storage: subscribes to readings and device states, writes them to SQLite, answers StorageQuery.
#include <iostream>

#include <CLI/CLI.hpp>
#include <caf/all.hpp>
#include <grpcpp/grpcpp.h>

#include "meterhub/rpc/rpc.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/storage/sqlite_store.hpp"
#include "query_service.hpp"
#include "settings.hpp"

using namespace meterhub;

namespace {

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-storage: " << what << ": " << describe(err) << "\n";
  return 2;
}

int run(const storage_service::settings& s) {
  logging::init(s.log);
  auto log = logging::get("storage");
  auto writer_store = storage::open_sqlite_store(s.database);
  if (!writer_store)
    return fail("database", writer_store.error());
  auto reader_store = storage::open_sqlite_store(s.database, true);
  if (!reader_store)
    return fail("database", reader_store.error());
  service::observability obs;
  if (auto err = obs.start(s.http, "storage"))
    return fail("http", err);
  // Everything that can fail on configuration fails here, before any actor runs: an early return after that
  // would leave the actor system waiting for actors nobody stopped.
  auto creds = rpc::server_credentials(s.query_tls_cert, s.query_tls_key);
  if (!creds)
    return fail("query.tls", creds.error());

  caf::actor_system_config cfg;
  service::size_scheduler(cfg);
  caf::actor_system sys{cfg};
  auto bus_handle = std::make_shared<bus::bus_actor>();
  auto writer = storage_service::spawn_writer(sys, std::move(*writer_store), s.writer, bus_handle, obs.registry);
  wire::topics topics{s.bus.prefix};
  const auto readings = s.group.empty() ? topics.all("readings") : wire::topics::shared(s.group, topics.all("readings"));
  auto bus = bus::spawn_bus(sys, s.bus,
                            {{readings, writer, true},
                             {topics.all("state"), writer, false}});
  if (!bus) {
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    return fail("bus", bus.error());
  }
  *bus_handle = *bus;
  obs.watch_bus(sys, *bus);

  rpc::enable_health_and_reflection();
  storage_service::query_service queries{std::move(*reader_store), s.query_token, s.max_rows};
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(s.query_listen, *creds, &bound_port);
  builder.RegisterService(&queries);
  auto server = builder.BuildAndStart();
  if (!server || bound_port == 0) {
    std::cerr << "meterhub-storage: query.listen: cannot listen on " << s.query_listen << "\n";
    caf::anon_send_exit(*bus, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    return 2;
  }
  log->info("ready: database {}, StorageQuery on port {}, metrics on port {}, broker {}", s.database.string(),
            bound_port, obs.http->port(), logging::redact(s.bus.url));
  const int sig = service::wait_for_stop_signal();
  log->info("stopping on signal {}", sig);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(*bus, caf::exit_reason::user_shutdown);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  service::block_stop_signals();
  CLI::App app{"meterhub-storage: stores every reading from the bus and answers queries"};
  app.require_subcommand(1);
  std::string config_file, db, listen;
  auto* run_cmd = app.add_subcommand("run", "run the storage service");
  run_cmd->add_option("-c,--config", config_file, "YAML configuration (default: embedded defaults)")
    ->check(CLI::ExistingFile);
  run_cmd->add_option("--db", db, "SQLite database file (overrides storage.path)");
  run_cmd->add_option("--listen", listen, "StorageQuery address host:port (overrides query.listen)");
  CLI11_PARSE(app, argc, argv);
  // Flags are overrides like the environment ones, applied before reading so derived defaults follow them.
  if (!db.empty())
    ::setenv("METERHUB_STORAGE__PATH", db.c_str(), 1);
  if (!listen.empty())
    ::setenv("METERHUB_QUERY__LISTEN", listen.c_str(), 1);
  auto s = storage_service::load_settings(config_file);
  if (!s)
    return fail("configuration", s.error());
  return run(*s);
}

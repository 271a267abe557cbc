#include "meterhub/service/service.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <thread>

#include <caf/scoped_actor.hpp>
#include <pthread.h>
#include <unistd.h>

namespace meterhub::service {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void size_scheduler(caf::actor_system_config& cfg) {
  const auto cores = std::max(2u, std::thread::hardware_concurrency());
  cfg.set("scheduler.max-threads", static_cast<std::size_t>(cores));
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0)
    return "localhost";
  std::string out;
  for (char c : std::string{buf}) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += (std::isalnum(static_cast<unsigned char>(l)) || l == '-' || l == '.' || l == '_') ? l : '-';
  }
  return out.empty() ? "localhost" : out;
}

bus::bus_settings read_bus(const config::reader& r, const std::string& service, const std::string& version,
                           const std::filesystem::path& default_state_dir) {
  bus::bus_settings s;
  s.service = service;
  s.version = version;
  s.instance = r.get<std::string>("instance", host_name());
  s.url = r.get<std::string>("url", s.url);
  if (s.url.find("://") == std::string::npos)
    r.fail("url", "expected tcp://host:port or ssl://host:port, got \"" + s.url + "\"");
  s.client_id = r.get<std::string>("client_id", service + "-" + s.instance);
  s.username = r.get<std::string>("username", "");
  s.password = r.secret("password");
  s.prefix = r.get<std::string>("prefix", s.prefix);
  s.state_dir = r.path("state_dir", default_state_dir);
  s.spool_limits.max_bytes = r.bytes("spool_max", s.spool_limits.max_bytes);
  s.inbox_limits.max_bytes = r.bytes("inbox_max", s.inbox_limits.max_bytes);
  s.session_expiry = std::chrono::duration_cast<std::chrono::seconds>(
    r.duration("session_expiry", std::chrono::duration_cast<std::chrono::milliseconds>(s.session_expiry)));
  s.keepalive = std::chrono::duration_cast<std::chrono::seconds>(
    r.duration("keepalive", std::chrono::duration_cast<std::chrono::milliseconds>(s.keepalive)));
  auto tls = r.section("tls");
  s.tls.ca_file = tls.path("ca_file").string();
  s.tls.cert_file = tls.path("cert_file").string();
  s.tls.key_file = tls.path("key_file").string();
  s.tls.verify = tls.get<bool>("verify", true);
  return s;
}

metrics::http_settings read_http(const config::reader& r, const std::string& default_listen) {
  metrics::http_settings s;
  const auto listen = r.get<std::string>("listen", default_listen);
  if (auto hp = metrics::parse_listen(listen)) {
    s.host = hp->first;
    s.port = hp->second;
  } else {
    r.fail("listen", "expected host:port, got \"" + listen + "\"");
  }
  s.token = r.secret("token");
  s.tls_cert = r.path("tls_cert").string();
  s.tls_key = r.path("tls_key").string();
  if (s.tls_cert.empty() != s.tls_key.empty())
    r.fail(s.tls_cert.empty() ? "tls_cert" : "tls_key", "tls_cert and tls_key go together");
  return s;
}

logging::log_settings read_log(const config::reader& r) {
  logging::log_settings s;
  s.level = r.choice("level", "info", {"trace", "debug", "info", "warn", "error", "off"});
  s.json = r.choice("format", "text", {"text", "json"}) == "json";
  return s;
}

namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

} // namespace

void block_stop_signals() {
  auto set = stop_signals();
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

int wait_for_stop_signal() {
  auto set = stop_signals();
  int sig = 0;
  ::sigwait(&set, &sig);
  return sig;
}

caf::error observability::start(const metrics::http_settings& settings, const std::string& service) {
  auto rss = registry.make_gauge("meterhub_resident_memory_bytes", "Resident set size of the process",
                                 {{"service", service}});
  registry.add_collector([rss] { rss.set(static_cast<double>(metrics::resident_memory_bytes())); });
  auto server = metrics::http_server::start(settings, registry, health);
  if (!server)
    return server.error();
  http = std::move(*server);
  return {};
}

} // namespace meterhub::service

namespace meterhub::service {

void observability::watch_bus(caf::actor_system& sys, bus::bus_actor bus) {
  auto connected = registry.make_gauge("meterhub_bus_connected", "1 while the broker connection is up");
  auto spooled = registry.make_gauge("meterhub_bus_spool_pending", "Messages spooled, not yet acknowledged");
  auto dropped = registry.make_gauge("meterhub_bus_spool_dropped", "Messages lost because the spool was full");
  auto inbox = registry.make_gauge("meterhub_bus_inbox_pending", "Durable messages received, not yet committed");
  auto published = registry.make_gauge("meterhub_bus_published", "Messages the broker acknowledged");
  auto received = registry.make_gauge("meterhub_bus_received", "Messages received from subscriptions");
  // A weak address: the registry outlives the actor system, and a strong handle here would keep the bus actor alive
  // and make the actor system's destructor wait forever.
  caf::actor_addr weak = bus.address();
  registry.add_collector([&sys, weak, connected, spooled, dropped, inbox, published, received, this] {
    auto strong = caf::actor_cast<bus::bus_actor>(weak);
    if (!strong) {
      health.set("bus", metrics::health_status::failing, "bus actor stopped");
      return;
    }
    caf::scoped_actor self{sys};
    self->request(strong, std::chrono::seconds(1), bus::status_atom::value)
      .receive(
        [&](const bus::bus_status& s) {
          connected.set(s.connected ? 1 : 0);
          spooled.set(static_cast<double>(s.spool_pending));
          dropped.set(static_cast<double>(s.spool_dropped));
          inbox.set(static_cast<double>(s.inbox_pending));
          published.set(static_cast<double>(s.published));
          received.set(static_cast<double>(s.received));
          health.set("bus", s.connected ? metrics::health_status::ok : metrics::health_status::degraded,
                     s.connected ? "" : "broker unreachable: " + s.last_error);
        },
        [&](const caf::error&) { health.set("bus", metrics::health_status::failing, "bus actor not answering"); });
  });
}

} // namespace meterhub::service

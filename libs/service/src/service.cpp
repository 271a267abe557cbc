#include "meterhub/service/service.hpp"

#include <cstdlib>

#include <fstream>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <iterator>
#include <thread>
#include <vector>

#include <caf/all.hpp>
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

namespace {

std::string scheme_list() {
  std::string list;
  for (auto scheme : bus_url_schemes)
    list += (list.empty() ? "" : ", ") + std::string{scheme};
  return list;
}

/// Splits "host:port" or "[v6]:port" into host and port text; the port is empty when there is none.
std::pair<std::string, std::string> split_host_port(const std::string& authority) {
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos)
      return {authority, ""};
    const auto rest = authority.substr(close + 1);
    return {authority.substr(0, close + 1), rest.empty() || rest.front() != ':' ? "" : rest.substr(1)};
  }
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos)
    return {authority, ""};
  return {authority.substr(0, colon), authority.substr(colon + 1)};
}

bool valid_port(const std::string& text) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text.empty() || text.size() > 5 || !std::all_of(text.begin(), text.end(), digit))
    return false;
  const auto port = std::stoi(text);
  return port >= 1 && port <= 65535;
}

/// The port brokers usually listen on for `scheme` (for the hint in a message).
std::string usual_port(const std::string& scheme) {
  if (scheme == "ws" || scheme == "wss")
    return scheme == "ws" ? "80" : "443";
  return bus::uses_tls(scheme + "://") ? "8883" : "1883";
}

/// Where the problem is in a URL known to have a supported scheme.
std::optional<std::string> authority_problem(const std::string& scheme, const std::string& rest) {
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  if (slash != std::string::npos && scheme != "ws" && scheme != "wss")
    return std::string{"a path is only allowed with ws:// and wss://"};
  if (authority.find('@') != std::string::npos)
    return std::string{"the user name and password belong in bus.username and bus.password"};
  const auto [host, port] = split_host_port(authority); // Paho takes the last colon as the port separator too
  if (host.empty() || host == "[]")
    return std::string{"missing host"};
  if (host.front() == '[' ? host.back() != ']' : host.find(':') != std::string::npos)
    return std::string{"an IPv6 host goes in brackets (as in tcp://[::1]:1883)"};
  if (port.empty() && authority.find(':', host.size()) == std::string::npos)
    return "missing port (as in " + scheme + "://" + host + ":" + usual_port(scheme) + ")";
  if (!valid_port(port))
    return std::string{"expected a port from 1 to 65535"};
  return std::nullopt;
}

} // namespace

std::optional<std::string> bus_url_problem(const std::string& url) {
  // The value is echoed in the message, so any password in it is masked first.
  const auto shown = "\"" + logging::redact(url) + "\"";
  const auto sep = url.find("://");
  if (sep == std::string::npos)
    return "expected tcp://host:port or ssl://host:port, got " + shown + " (schemes: " + scheme_list() + ")";
  const auto scheme = url.substr(0, sep);
  if (std::find(std::begin(bus_url_schemes), std::end(bus_url_schemes), scheme) == std::end(bus_url_schemes))
    return "unsupported scheme \"" + scheme + "\", got " + shown + " (schemes: " + scheme_list() + ")";
  if (auto problem = authority_problem(scheme, url.substr(sep + 3)))
    return *problem + ", got " + shown;
  return std::nullopt;
}

namespace {

void read_bus_tls(const config::reader& r, bus::tls_settings& tls) {
  r.allow_only({"ca_file", "cert_file", "key_file", "verify"});
  tls.ca_file = r.path("ca_file").string();
  tls.cert_file = r.path("cert_file").string();
  tls.key_file = r.path("key_file").string();
  tls.verify = r.get<bool>("verify", true);
  if (tls.cert_file.empty() != tls.key_file.empty())
    r.fail(tls.cert_file.empty() ? "cert_file" : "key_file", "cert_file and key_file go together");
}

std::chrono::seconds read_seconds(const config::reader& r, std::string_view key, std::chrono::seconds fallback) {
  return std::chrono::duration_cast<std::chrono::seconds>(
    r.duration(key, std::chrono::duration_cast<std::chrono::milliseconds>(fallback)));
}

} // namespace

std::string read_group(const config::reader& bus, const std::string& fallback) {
  auto group = bus.get<std::string>("group", fallback);
  if (group.find_first_of("/+#") != std::string::npos)
    bus.fail("group", "expected a name without /, + or #, got \"" + group + "\"");
  return group;
}

bus::bus_settings read_bus(const config::reader& r, const std::string& service, const std::string& version,
                           const std::filesystem::path& default_state_dir,
                           std::initializer_list<std::string_view> extra_keys) {
  std::vector<std::string_view> known{"url",          "instance",  "client_id", "username",  "password",
                                      "password_file", "password_env", "prefix", "state_dir", "spool_max",
                                      "inbox_max",     "session_expiry", "keepalive", "tls"};
  known.insert(known.end(), extra_keys.begin(), extra_keys.end());
  r.allow_only(known);
  bus::bus_settings s;
  s.service = service;
  s.version = version;
  // Empty means the default for these two, as the sample configs say ("" is how YAML writes "not set here").
  s.instance = r.get<std::string>("instance", "");
  if (s.instance.empty())
    s.instance = host_name();
  else if (s.instance.find_first_of("/+#") != std::string::npos)
    r.fail("instance", "expected a name without /, + or # (it is part of a topic), got \"" + s.instance + "\"");
  s.url = r.get<std::string>("url", s.url);
  if (auto problem = bus_url_problem(s.url))
    r.fail("url", *problem);
  s.client_id = r.get<std::string>("client_id", "");
  if (s.client_id.empty())
    s.client_id = service + "-" + s.instance;
  s.username = r.get<std::string>("username", "");
  s.password = r.secret("password");
  s.prefix = r.get<std::string>("prefix", s.prefix);
  s.state_dir = r.path("state_dir", default_state_dir);
  s.spool_limits.max_bytes = r.bytes("spool_max", s.spool_limits.max_bytes);
  s.inbox_limits.max_bytes = r.bytes("inbox_max", s.inbox_limits.max_bytes);
  s.session_expiry = read_seconds(r, "session_expiry", s.session_expiry);
  s.keepalive = read_seconds(r, "keepalive", s.keepalive);
  read_bus_tls(r.section("tls"), s.tls);
  return s;
}

caf::expected<std::optional<std::string>> command_line_secret(const std::string& flag, const std::string& file,
                                                               const char* env) {
  if (!flag.empty())
    return std::optional<std::string>{flag};
  if (!file.empty()) {
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line))
      return make_error(config::config_errc::cannot_read, file);
    return std::optional<std::string>{line};
  }
  if (const char* value = std::getenv(env))
    return std::optional<std::string>{value};
  return std::optional<std::string>{};
}

metrics::http_settings read_http(const config::reader& r, const std::string& default_listen) {
  r.allow_only({"listen", "token", "token_file", "token_env", "tls_cert", "tls_key"});
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
  r.allow_only({"level", "format"});
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

namespace {

/// The series that mirror the bus actor's status.
struct bus_series {
  metrics::gauge connected, spooled, inbox;
  metrics::counter published, received, dropped;

  explicit bus_series(metrics::registry& reg)
    : connected(reg.make_gauge("meterhub_bus_connected", "1 while the broker connection is up")),
      spooled(reg.make_gauge("meterhub_bus_spool_pending", "Messages spooled, not yet acknowledged")),
      inbox(reg.make_gauge("meterhub_bus_inbox_pending", "Durable messages received, not yet committed")),
      published(reg.make_counter("meterhub_bus_published_total", "Messages the broker acknowledged")),
      received(reg.make_counter("meterhub_bus_received_total", "Messages received from subscriptions")),
      dropped(reg.make_counter("meterhub_bus_spool_dropped_total",
                               "Messages lost because the spool was full or damaged")) {
  }

  void update(const bus::bus_status& s) const {
    connected.set(s.connected ? 1 : 0);
    spooled.set(static_cast<double>(s.spool_pending));
    inbox.set(static_cast<double>(s.inbox_pending));
    published.raise_to(s.published);
    received.raise_to(s.received);
    dropped.raise_to(s.spool_dropped);
  }
};

using watch_atom = caf::atom_constant<caf::atom("watchbus")>;

constexpr auto watch_interval = std::chrono::milliseconds(500);

/// Asks the bus actor for its status twice a second and writes it where the HTTP endpoint reads it (lock-free
/// series, the thread-safe health map). The endpoint's threads never talk to actors themselves: a thread outside
/// CAF that used a scoped_actor keeps CAF 0.17's actor_system destructor waiting until that thread ends, and the
/// endpoint's workers end only after it, so one scrape made every service hang on SIGTERM. Quits when the bus
/// actor goes down, which releases its handle, so shutdown needs nothing more.
caf::behavior bus_watcher(caf::event_based_actor* self, bus::bus_actor bus, bus_series series,
                          metrics::health* health) {
  self->monitor(bus);
  self->set_down_handler([self, health](const caf::down_msg&) {
    health->set("bus", metrics::health_status::failing, "bus actor stopped");
    self->quit();
  });
  self->send(self, watch_atom::value);
  return {
    [=](watch_atom) {
      self->request(bus, 4 * watch_interval, bus::status_atom::value)
        .then(
          [=](const bus::bus_status& s) {
            series.update(s);
            health->set("bus", s.connected ? metrics::health_status::ok : metrics::health_status::degraded,
                        s.connected ? "" : "broker unreachable: " + s.last_error);
          },
          [=](const caf::error&) {
            health->set("bus", metrics::health_status::failing, "bus actor not answering");
          });
      self->delayed_send(self, watch_interval, watch_atom::value);
    },
  };
}

} // namespace

void observability::watch_bus(caf::actor_system& sys, bus::bus_actor bus) {
  health.set("bus", metrics::health_status::degraded, "connecting");
  sys.spawn(bus_watcher, std::move(bus), bus_series{registry}, &health);
}

} // namespace meterhub::service

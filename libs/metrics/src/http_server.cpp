#include "meterhub/metrics/http_server.hpp"

#include <charconv>
#include <filesystem>
#include <thread>

#include <httplib.h>
#include <openssl/crypto.h>

namespace meterhub::metrics {

const char* to_string(http_errc code) noexcept {
  switch (code) {
    case http_errc::cannot_bind:
      return "cannot_bind";
    case http_errc::bad_tls:
      return "bad_tls";
  }
  return "unknown";
}

std::optional<std::pair<std::string, int>> parse_listen(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return std::nullopt;
  int port = -1;
  auto [p, ec] = std::from_chars(text.data() + colon + 1, text.data() + text.size(), port);
  if (ec != std::errc{} || p != text.data() + text.size() || port < 0 || port > 65535)
    return std::nullopt;
  auto host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return std::make_pair(host, port);
}

namespace {

bool authorized(const httplib::Request& req, const std::string& token) {
  if (token.empty())
    return true;
  const auto header = req.get_header_value("Authorization");
  const std::string expected = "Bearer " + token;
  return header.size() == expected.size() && CRYPTO_memcmp(header.data(), expected.data(), header.size()) == 0;
}

void install_routes(httplib::Server& server, registry& reg, health& h, const std::string& token) {
  server.set_pre_routing_handler([token](const httplib::Request& req, httplib::Response& res) {
    if (authorized(req, token))
      return httplib::Server::HandlerResponse::Unhandled;
    res.status = 401;
    res.set_header("WWW-Authenticate", "Bearer");
    res.set_content("unauthorized\n", "text/plain");
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get("/metrics", [&reg](const httplib::Request&, httplib::Response& res) {
    res.set_content(reg.exposition(), "text/plain; version=0.0.4");
  });
  server.Get("/healthz", [&h](const httplib::Request&, httplib::Response& res) {
    res.status = h.overall() == health_status::failing ? 503 : 200;
    res.set_content(h.to_json(), "application/json");
  });
}

} // namespace

caf::expected<std::unique_ptr<http_server>> http_server::start(const http_settings& settings, registry& reg,
                                                               health& h) {
  std::unique_ptr<http_server> self{new http_server};
  if (!settings.tls_cert.empty() || !settings.tls_key.empty()) {
    if (!std::filesystem::exists(settings.tls_cert) || !std::filesystem::exists(settings.tls_key))
      return make_error(http_errc::bad_tls, "tls_cert and tls_key must both name readable PEM files");
    auto ssl = std::make_unique<httplib::SSLServer>(settings.tls_cert.c_str(), settings.tls_key.c_str());
    if (!ssl->is_valid())
      return make_error(http_errc::bad_tls, "cannot load " + settings.tls_cert + " / " + settings.tls_key);
    self->server_ = std::move(ssl);
  } else {
    self->server_ = std::make_unique<httplib::Server>();
  }
  // Scrapes and health checks are rare and short: two workers, not httplib's default of eight threads.
  self->server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
  install_routes(*self->server_, reg, h, settings.token);
  if (settings.port == 0)
    self->port_ = self->server_->bind_to_any_port(settings.host.c_str());
  else if (self->server_->bind_to_port(settings.host.c_str(), settings.port))
    self->port_ = settings.port;
  if (self->port_ <= 0)
    return make_error(http_errc::cannot_bind, settings.host + ":" + std::to_string(settings.port));
  self->thread_ = std::thread([srv = self->server_.get()] { srv->listen_after_bind(); });
  // httplib's stop() does nothing until the listen loop runs: a service that fails its configuration right after
  // starting the endpoint would otherwise wait in stop() forever.
  const auto patience = std::chrono::steady_clock::now() + std::chrono::seconds(5); // a loop that ended at once
  while (!self->server_->is_running() && std::chrono::steady_clock::now() < patience)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return self;
}

http_server::~http_server() {
  stop();
}

void http_server::stop() {
  if (server_)
    server_->stop();
  if (thread_.joinable())
    thread_.join();
}

} // namespace meterhub::metrics

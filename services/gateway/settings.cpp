#include "settings.hpp"

#include "meterhub/config/config.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::gateway {

namespace {

void read_grpc(const config::reader& grpc, settings& s) {
  grpc.allow_only({"listen", "tls_cert", "tls_key", "token", "token_file", "token_env", "query_timeout"});
  s.listen = grpc.get<std::string>("listen", s.listen);
  s.tls_cert = grpc.path("tls_cert").string();
  s.tls_key = grpc.path("tls_key").string();
  if (s.tls_cert.empty() != s.tls_key.empty())
    grpc.fail(s.tls_cert.empty() ? "tls_cert" : "tls_key", "tls_cert and tls_key go together");
  s.token = grpc.secret("token");
  s.query_timeout = grpc.duration("query_timeout", s.query_timeout);
}

/// Where meterhub-storage answers StorageQuery, and how to reach it.
void read_storage(const config::reader& storage, settings& s) {
  storage.allow_only({"target", "tls", "ca_file", "token", "token_file", "token_env"});
  s.storage_target = storage.get<std::string>("target", s.storage_target);
  s.storage_tls = storage.get<bool>("tls", false);
  s.storage_ca = storage.path("ca_file").string();
  s.storage_token = storage.secret("token");
}

} // namespace

caf::expected<settings> load_settings(const std::filesystem::path& file) {
  auto doc = config::document::load(file);
  if (!doc)
    return doc.error();
  auto root = doc->root();
  root.allow_only({"grpc", "storage", "bus", "http", "log"});
  settings s;
  read_grpc(root.section("grpc"), s);
  read_storage(root.section("storage"), s);
  s.bus = service::read_bus(root.section("bus"), "gateway", MH_VERSION, "var/gateway/bus");
  s.http = service::read_http(root.section("http"), "127.0.0.1:9103");
  s.log = service::read_log(root.section("log"));
  if (auto err = doc->check())
    return err;
  return s;
}

} // namespace meterhub::gateway

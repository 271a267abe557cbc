#include "settings.hpp"

#include "meterhub/config/config.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::storage_service {

namespace {

void read_store(const config::reader& store, settings& s) {
  store.allow_only({"backend", "path", "batch_readings", "flush_interval"});
  store.choice("backend", "sqlite", {"sqlite"});
  s.database = store.path("path", s.database);
  s.writer.batch_readings = static_cast<std::size_t>(store.integer("batch_readings", 20'000, 1, 10'000'000));
  s.writer.flush_interval = store.duration("flush_interval", s.writer.flush_interval);
}

void read_query(const config::reader& query, settings& s) {
  query.allow_only({"listen", "tls_cert", "tls_key", "token", "token_file", "token_env", "max_rows"});
  s.query_listen = query.get<std::string>("listen", s.query_listen);
  s.query_tls_cert = query.path("tls_cert").string();
  s.query_tls_key = query.path("tls_key").string();
  if (s.query_tls_cert.empty() != s.query_tls_key.empty())
    query.fail(s.query_tls_cert.empty() ? "tls_cert" : "tls_key", "tls_cert and tls_key go together");
  s.query_token = query.secret("token");
  s.max_rows = static_cast<std::uint32_t>(query.integer("max_rows", s.max_rows, 1, 10'000'000));
}

} // namespace

caf::expected<settings> load_settings(const std::filesystem::path& file) {
  auto doc = config::document::load(file);
  if (!doc)
    return doc.error();
  auto root = doc->root();
  root.allow_only({"storage", "query", "bus", "http", "log"});
  settings s;
  read_store(root.section("storage"), s);
  read_query(root.section("query"), s);
  auto bus = root.section("bus");
  s.group = service::read_group(bus, s.group);
  s.bus = service::read_bus(bus, "storage", MH_VERSION, s.database.parent_path() / "bus", {"group"});
  s.writer.topics = wire::topics{s.bus.prefix};
  s.http = service::read_http(root.section("http"), "127.0.0.1:9102");
  s.log = service::read_log(root.section("log"));
  if (auto err = doc->check())
    return err;
  return s;
}

} // namespace meterhub::storage_service

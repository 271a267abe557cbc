#include "settings.hpp"

#include "meterhub/config/config.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::storage_service {

caf::expected<settings> load_settings(const std::filesystem::path& file) {
  auto doc = file.empty() ? config::document::load_string("") : config::document::load_file(file);
  if (!doc)
    return doc.error();
  auto root = doc->root();
  root.allow_only({"storage", "query", "bus", "http", "log"});
  settings s;
  auto store = root.section("storage");
  store.choice("backend", "sqlite", {"sqlite"});
  s.database = store.path("path", s.database);
  s.writer.batch_readings = static_cast<std::size_t>(store.integer("batch_readings", 20'000, 1, 10'000'000));
  s.writer.flush_interval = store.duration("flush_interval", s.writer.flush_interval);
  auto query = root.section("query");
  s.query_listen = query.get<std::string>("listen", s.query_listen);
  s.query_tls_cert = query.path("tls_cert").string();
  s.query_tls_key = query.path("tls_key").string();
  s.query_token = query.secret("token");
  s.max_rows = static_cast<std::uint32_t>(query.integer("max_rows", s.max_rows, 1, 10'000'000));
  auto bus = root.section("bus");
  s.group = bus.get<std::string>("group", s.group);
  s.bus = service::read_bus(bus, "storage", MH_VERSION, s.database.parent_path() / "bus");
  s.writer.topics = wire::topics{s.bus.prefix};
  s.http = service::read_http(root.section("http"), "127.0.0.1:9102");
  s.log = service::read_log(root.section("log"));
  if (auto err = doc->check())
    return err;
  return s;
}

} // namespace meterhub::storage_service

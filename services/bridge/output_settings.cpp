#include "output_settings.hpp"

#include "meterhub/service/service.hpp"

namespace meterhub::bridge {

namespace {

void read_tls(const config::reader& r, bus::tls_settings& tls) {
  r.allow_only({"ca_file", "cert_file", "key_file", "verify"});
  tls.ca_file = r.path("ca_file", tls.ca_file).string();
  tls.cert_file = r.path("cert_file", tls.cert_file).string();
  tls.key_file = r.path("key_file", tls.key_file).string();
  tls.verify = r.get<bool>("verify", tls.verify);
  if (tls.cert_file.empty() != tls.key_file.empty())
    r.fail(tls.cert_file.empty() ? "cert_file" : "key_file", "cert_file and key_file go together");
}

} // namespace

bus::output_settings read_output(const config::reader& r, const bus::bus_settings& bus) {
  r.allow_only({"url", "client_id", "username", "password", "password_file", "password_env", "mqtt_version",
                "inflight_window", "tls"});
  bus::output_settings s;
  s.url = r.get<std::string>("url", bus.url);
  if (auto problem = service::bus_url_problem(s.url))
    r.fail("url", *problem);
  const bool same_broker = s.url == bus.url;
  s.client_id = r.get<std::string>("client_id", "");
  if (s.client_id.empty())
    s.client_id = bus.client_id + "-out";
  else if (s.client_id == bus.client_id)
    r.fail("client_id", "must differ from the bus's client id \"" + bus.client_id +
                          "\": the broker would drop one connection whenever the other connects");
  s.username = r.get<std::string>("username", same_broker ? bus.username : "");
  s.password = r.secret("password");
  if (s.password.empty() && same_broker && s.username == bus.username)
    s.password = bus.password;
  const auto version = r.choice("mqtt_version", "3.1.1", {"3.1.1", "5"});
  s.mqtt_version = version == "5" ? 5 : 4;
  s.inflight_window = static_cast<std::size_t>(r.integer("inflight_window", 8192, 1, 60'000));
  s.keepalive = bus.keepalive;
  if (same_broker)
    s.tls = bus.tls;
  read_tls(r.section("tls"), s.tls);
  return s;
}

} // namespace meterhub::bridge

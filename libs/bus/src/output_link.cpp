#include "output_link.hpp"

#include <mosquitto.h>

#include <caf/send.hpp>

namespace meterhub::bus::detail {

namespace {

output_link* link_of(void* user) {
  return static_cast<output_link*>(user);
}

/// Host and port of tcp://, mqtt://, ssl:// and mqtts:// URLs (IPv6 in brackets); an error text otherwise.
std::string split_url(const std::string& url, std::string& host, int& port) {
  const auto sep = url.find("://");
  if (sep == std::string::npos)
    return "expected tcp://host:port or ssl://host:port, got \"" + url + "\"";
  const auto scheme = url.substr(0, sep);
  if (scheme == "ws" || scheme == "wss")
    return "an output connection does not speak MQTT over WebSockets (" + scheme + "://); use tcp:// or ssl://";
  auto rest = url.substr(sep + 3);
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos || rest.find(']', colon) != std::string::npos)
    return "expected a port in \"" + url + "\"";
  host = rest.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  try {
    port = std::stoi(rest.substr(colon + 1));
  } catch (const std::exception&) {
    return "expected a port in \"" + url + "\"";
  }
  return {};
}

std::string refusal(int rc) {
  switch (rc) {
    case 4: return "the broker refused: bad user name or password";
    case 5: return "the broker refused: not authorized";
    case 0x86: return "the broker refused: bad user name or password (reason code 134)";
    case 0x87: return "the broker refused: not authorized (reason code 135)";
    default: return "the broker refused the connection: " + std::string{mosquitto_connack_string(rc)};
  }
}

void configure_tls(mosquitto* m, const output_settings& s, std::string& problem) {
  const char* ca = s.tls.ca_file.empty() ? nullptr : s.tls.ca_file.c_str();
  const char* ca_path = ca ? nullptr : "/etc/ssl/certs"; // the system's trust store
  const char* cert = s.tls.cert_file.empty() ? nullptr : s.tls.cert_file.c_str();
  const char* key = s.tls.key_file.empty() ? nullptr : s.tls.key_file.c_str();
  if (int rc = mosquitto_tls_set(m, ca, ca_path, cert, key, nullptr); rc != MOSQ_ERR_SUCCESS)
    problem = std::string{"TLS files: "} + mosquitto_strerror(rc);
  mosquitto_tls_opts_set(m, s.tls.verify ? 1 : 0, nullptr, nullptr);
  mosquitto_tls_insecure_set(m, !s.tls.verify);
}

} // namespace

output_link::output_link(const output_settings& s, output_actor owner) : owner_(owner) {
  mosquitto_lib_init();
  problem_ = split_url(s.url, host_, port_);
  keepalive_s_ = static_cast<int>(s.keepalive.count());
  client_ = mosquitto_new(s.client_id.c_str(), true, this);
  if (!client_) {
    problem_ = "cannot create an MQTT client";
    return;
  }
  mosquitto_int_option(client_, MOSQ_OPT_PROTOCOL_VERSION, s.mqtt_version == 5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
  mosquitto_max_inflight_messages_set(client_, static_cast<unsigned>(s.inflight_window));
  mosquitto_reconnect_delay_set(client_, static_cast<unsigned>(std::max<std::int64_t>(1, s.reconnect_min.count() / 1000)),
                                static_cast<unsigned>(std::max<std::int64_t>(1, s.reconnect_max.count() / 1000)), true);
  if (!s.username.empty())
    mosquitto_username_pw_set(client_, s.username.c_str(), s.password.empty() ? nullptr : s.password.c_str());
  if (!s.will.topic.empty())
    mosquitto_will_set(client_, s.will.topic.c_str(), static_cast<int>(s.will.payload.size()), s.will.payload.data(),
                       s.will.qos, s.will.retained);
  if (uses_tls(s.url))
    configure_tls(client_, s, problem_);
  mosquitto_connect_callback_set(client_, [](mosquitto*, void* u, int rc) { link_of(u)->on_connect(rc); });
  mosquitto_disconnect_callback_set(client_, [](mosquitto*, void* u, int rc) { link_of(u)->on_disconnect(rc); });
  mosquitto_publish_callback_set(client_, [](mosquitto*, void* u, int mid) { link_of(u)->on_publish(mid); });
  mosquitto_message_callback_set(client_, [](mosquitto*, void* u, const mosquitto_message* m) {
    link_of(u)->on_message(m->topic, std::string{static_cast<const char*>(m->payload),
                                                 static_cast<std::size_t>(m->payloadlen)});
  });
}

output_link::~output_link() {
  if (!client_)
    return;
  if (started_) {
    mosquitto_disconnect(client_);
    mosquitto_loop_stop(client_, false);
  }
  mosquitto_destroy(client_);
}

void output_link::connect() {
  if (started_ || !client_ || !problem_.empty())
    return;
  started_ = true;
  // connect_async with the loop thread: the thread makes the connection and every reconnect.
  if (int rc = mosquitto_connect_async(client_, host_.c_str(), port_, keepalive_s_); rc != MOSQ_ERR_SUCCESS &&
                                                                                    rc != MOSQ_ERR_ERRNO)
    caf::anon_send(owner_, down_atom::value, std::string{"connect: "} + mosquitto_strerror(rc));
  mosquitto_loop_start(client_);
}

publish_outcome output_link::publish(const out_message& m, std::uint64_t id, std::string& why) {
  std::lock_guard<std::mutex> guard{mutex_}; // the PUBACK's callback waits until the mid is recorded
  int mid = 0;
  const int rc = mosquitto_publish(client_, &mid, m.topic.c_str(), static_cast<int>(m.payload.size()),
                                   m.payload.data(), m.qos, m.retained);
  if (rc == MOSQ_ERR_SUCCESS) {
    by_mid_[mid] = id;
    return publish_outcome::sent;
  }
  why = mosquitto_strerror(rc);
  if (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_NOMEM || rc == MOSQ_ERR_ERRNO)
    return publish_outcome::not_connected;
  return publish_outcome::refused; // a wildcard in the topic, invalid UTF-8, a payload too large
}

std::vector<std::uint64_t> output_link::take_delivered() {
  std::vector<std::uint64_t> out;
  std::lock_guard<std::mutex> guard{mutex_};
  out.swap(delivered_);
  return out;
}

void output_link::add_subscription(subscription sub) {
  std::lock_guard<std::mutex> guard{mutex_};
  mosquitto_subscribe(client_, nullptr, sub.filter.c_str(), 1);
  subscriptions_.push_back(std::move(sub));
}

void output_link::resubscribe() {
  std::lock_guard<std::mutex> guard{mutex_};
  for (const auto& sub : subscriptions_)
    mosquitto_subscribe(client_, nullptr, sub.filter.c_str(), 1);
}

void output_link::on_connect(int rc) {
  if (rc == 0) {
    caf::anon_send(owner_, up_atom::value);
    return;
  }
  caf::anon_send(owner_, down_atom::value, "connect failed: " + refusal(rc));
}

void output_link::on_disconnect(int rc) {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    by_mid_.clear(); // the actor sends again what was in flight
  }
  caf::anon_send(owner_, down_atom::value,
                 rc == 0 ? std::string{"disconnected"} : std::string{"connection lost: "} + mosquitto_strerror(rc));
}

void output_link::on_publish(int mid) {
  bool first = false;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    auto it = by_mid_.find(mid);
    if (it == by_mid_.end())
      return;
    first = delivered_.empty();
    delivered_.push_back(it->second);
    by_mid_.erase(it);
  }
  if (first) // one message per burst: the actor takes all that came meanwhile
    caf::anon_send(owner_, delivered_atom::value, std::uint64_t{0});
}

void output_link::on_message(const std::string& topic, std::string payload) {
  std::lock_guard<std::mutex> guard{mutex_};
  for (const auto& sub : subscriptions_)
    if (topic_matches(sub.filter, topic)) {
      caf::anon_send(sub.sink, bus_message{0, false, topic, std::move(payload), {}, {}});
      return;
    }
}

} // namespace meterhub::bus::detail

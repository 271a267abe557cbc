#include "output_link.hpp"

#include "paho_link.hpp"

#include <caf/send.hpp>

namespace meterhub::bus::detail {

output_link::output_link(const output_settings& settings, output_actor owner) : owner_(owner) {
  publish_listener_.owner = owner;
  connect_listener_.owner = owner;
  const int version = settings.mqtt_version == 5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1;
  // Paho refuses a publish once this many are queued in it; the actor never hands it more than the window.
  const mqtt::create_options opts(version, static_cast<int>(settings.inflight_window + 1024));
  client_ = std::make_unique<mqtt::async_client>(settings.url, settings.client_id, opts, nullptr);
  client_->set_callback(*this);
}

output_link::~output_link() {
  try {
    if (client_->is_connected())
      client_->disconnect(std::chrono::milliseconds(500))->wait_for(std::chrono::seconds(2));
  } catch (const std::exception&) {
    // shutting down: nothing left to report to
  }
}

mqtt::connect_options output_link::connect_options(const output_settings& s) {
  mqtt::connect_options_builder b;
  b.mqtt_version(s.mqtt_version == 5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1);
  b.keep_alive_interval(s.keepalive).connect_timeout(std::chrono::seconds(10));
  if (s.mqtt_version == 5)
    b.clean_start(true);
  else
    b.clean_session(true);
  if (!s.username.empty())
    b.user_name(s.username);
  if (!s.password.empty())
    b.password(s.password);
  if (!s.will.topic.empty())
    b.will(mqtt::message(s.will.topic, s.will.payload, s.will.qos, s.will.retained));
  if (uses_tls(s.url))
    b.ssl(tls_options(s.tls, [this](const std::string& error) {
      std::lock_guard<std::mutex> guard{connect_listener_.mutex};
      if (connect_listener_.tls_error.empty()) // the first error is the cause, the rest its consequences
        connect_listener_.tls_error = openssl_reason(error);
    }));
  return b.finalize();
}

void output_link::connected(const std::string&) {
  caf::anon_send(owner_, up_atom::value);
}

void output_link::connection_lost(const std::string& cause) {
  caf::anon_send(owner_, down_atom::value, cause.empty() ? std::string{"connection lost"} : cause);
}

void output_link::add_subscription(subscription sub) {
  std::lock_guard<std::mutex> guard{subscriptions_mutex_};
  subscriptions_.push_back(std::move(sub));
}

std::vector<std::string> output_link::filters() const {
  std::lock_guard<std::mutex> guard{subscriptions_mutex_};
  std::vector<std::string> out;
  for (const auto& sub : subscriptions_)
    out.push_back(sub.filter);
  return out;
}

void output_link::message_arrived(mqtt::const_message_ptr msg) {
  std::lock_guard<std::mutex> guard{subscriptions_mutex_};
  for (const auto& sub : subscriptions_)
    if (topic_matches(sub.filter, msg->get_topic())) {
      caf::anon_send(sub.sink, bus_message{0, false, msg->get_topic(), msg->get_payload_str(), {}, {}});
      return;
    }
}

void output_link::publish_events::on_success(const mqtt::token& tok) {
  auto id = reinterpret_cast<std::uintptr_t>(tok.get_user_context());
  caf::anon_send(owner, delivered_atom::value, static_cast<std::uint64_t>(id));
}

void output_link::publish_events::on_failure(const mqtt::token& tok) {
  auto id = reinterpret_cast<std::uintptr_t>(tok.get_user_context());
  caf::anon_send(owner, undelivered_atom::value, static_cast<std::uint64_t>(id));
}

void output_link::connect_events::on_success(const mqtt::token&) {
  std::lock_guard<std::mutex> guard{mutex};
  tls_error.clear();
}

void output_link::connect_events::on_failure(const mqtt::token& tok) {
  auto why = connect_failure_reason(tok);
  {
    std::lock_guard<std::mutex> guard{mutex};
    if (!tls_error.empty())
      why += " (TLS: " + tls_error + ")";
    tls_error.clear();
  }
  caf::anon_send(owner, down_atom::value, why);
}

} // namespace meterhub::bus::detail

#include "paho_link.hpp"

#include <vector>

#include <caf/send.hpp>

#include "records.hpp"

namespace meterhub::bus::detail {

namespace {

std::string string_property(const mqtt::properties& props, mqtt::property::code code) {
  if (!props.contains(code))
    return {};
  try {
    return mqtt::get<std::string>(props, code);
  } catch (const std::exception&) {
    return {};
  }
}

} // namespace

void routing::route(const mqtt::message& m) {
  const auto& topic = m.get_topic();
  const auto& payload = m.get_payload_str();
  const auto& props = m.get_properties();
  if (topic == reply_topic) {
    caf::anon_send(bus, response_atom::value, string_property(props, mqtt::property::CORRELATION_DATA), payload);
    return;
  }
  const auto response_topic = string_property(props, mqtt::property::RESPONSE_TOPIC);
  const auto correlation = string_property(props, mqtt::property::CORRELATION_DATA);
  bool stored = false;
  for (const auto& sub : subscriptions) {
    if (!topic_matches(sub.filter, topic) || (sub.durable && stored))
      continue; // one inbox record per message: it goes to the first durable subscription that matches
    ++received;
    // Must be on disk before this callback returns: Paho sends the PUBACK right after.
    if (sub.durable && inbox->push(encode_record(topic, payload))) {
      stored = true;
      if (!inbox_signalled.exchange(true))
        caf::anon_send(bus, inbox_atom::value);
      continue;
    }
    if (sub.durable)
      ++inbox_failures; // the disk refused it: deliver it anyway, without the crash guarantee
    caf::anon_send(sub.sink, bus_message{0, false, topic, payload, response_topic, correlation});
  }
}

const subscription* routing::durable_for(std::string_view topic) const {
  for (const auto& sub : subscriptions)
    if (sub.durable && topic_matches(sub.filter, topic))
      return &sub;
  return nullptr;
}

namespace {

/// What a DISCONNECT from the broker means for whoever reads the log.
std::string disconnect_reason(mqtt::ReasonCode reason, const std::string& client_id) {
  if (reason == mqtt::ReasonCode::SESSION_TAKEN_OVER)
    return "the broker handed this session to another client with the same client id \"" + client_id +
           "\": do two instances share bus.client_id (or bus.instance)?";
  return std::string{"the broker ended the connection: "} +
         MQTTReasonCode_toString(static_cast<MQTTReasonCodes>(reason));
}

} // namespace

mqtt::ssl_options tls_options(const tls_settings& tls, mqtt::ssl_options::error_handler on_error) {
  mqtt::ssl_options ssl;
  if (!tls.ca_file.empty())
    ssl.set_trust_store(tls.ca_file);
  if (!tls.cert_file.empty())
    ssl.set_key_store(tls.cert_file);
  if (!tls.key_file.empty())
    ssl.set_private_key(tls.key_file);
  ssl.set_enable_server_cert_auth(tls.verify);
  ssl.set_verify(tls.verify);
  ssl.set_error_handler(std::move(on_error));
  return ssl;
}

std::string client_id_or_default(const bus_settings& s) {
  return s.client_id.empty() ? s.service + "-" + s.instance : s.client_id;
}

paho_link::paho_link(const bus_settings& settings, bus_actor bus, std::shared_ptr<routing> routes)
  : bus_(bus), routes_(std::move(routes)) {
  publish_listener_.bus = bus;
  connect_listener_.bus = bus;
  // Durable subscribers keep Paho's own file persistence too: it covers messages Paho queued internally.
  // Publishers need none: the spool already keeps every message until the broker acknowledged it.
  bool durable = false;
  for (const auto& sub : routes_->subscriptions)
    durable = durable || sub.durable;
  const auto id = client_id_or_default(settings);
  // Paho refuses a publish once this many are queued in it, connected or not; the spool's in-flight window plus
  // room for device states and replies must fit, or publishes fail and the spool rewinds and sends again.
  const mqtt::create_options opts(MQTTVERSION_5, static_cast<int>(settings.inflight_window + 1024));
  if (durable)
    client_ = std::make_unique<mqtt::async_client>(settings.url, id, opts, (settings.state_dir / "paho").string());
  else
    client_ = std::make_unique<mqtt::async_client>(settings.url, id, opts, nullptr);
  client_->set_callback(*this);
  // MQTT v5: the broker says why it ends the connection; connection_lost alone says nothing.
  client_->set_disconnected_handler([bus, id](const mqtt::properties&, mqtt::ReasonCode reason) {
    caf::anon_send(bus, down_atom::value, disconnect_reason(reason, id));
  });
}

paho_link::~paho_link() {
  try {
    if (client_->is_connected())
      client_->disconnect(std::chrono::milliseconds(500))->wait_for(std::chrono::seconds(2));
  } catch (const std::exception&) {
    // shutting down: nothing left to report to
  }
}

void paho_link::connected(const std::string&) {
  caf::anon_send(bus_, up_atom::value);
}

void paho_link::connection_lost(const std::string& cause) {
  caf::anon_send(bus_, down_atom::value, cause.empty() ? std::string{"connection lost"} : cause);
}

void paho_link::message_arrived(mqtt::const_message_ptr msg) {
  routes_->route(*msg);
}

void paho_link::publish_events::on_success(const mqtt::token& tok) {
  auto id = reinterpret_cast<std::uintptr_t>(tok.get_user_context());
  caf::anon_send(bus, delivered_atom::value, static_cast<std::uint64_t>(id));
}

void paho_link::publish_events::on_failure(const mqtt::token& tok) {
  auto id = reinterpret_cast<std::uintptr_t>(tok.get_user_context());
  caf::anon_send(bus, undelivered_atom::value, static_cast<std::uint64_t>(id));
}

namespace {

/// Why a connect attempt failed, in words: the broker's refusal by name or Paho's return code.
std::string connect_failure_reason(const mqtt::token& tok) {
  // A refused CONNACK arrives from Paho C 1.3 as a return code >= 0x80 and reason code 0; name it, as in "Not
  // authorized" for a wrong password, instead of printing a bare number.
  const int code = tok.get_reason_code() != 0 ? static_cast<int>(tok.get_reason_code()) : tok.get_return_code();
  std::string why = "connect failed";
  if (code >= 0x80)
    why += ": the broker refused: " + std::string{MQTTReasonCode_toString(static_cast<MQTTReasonCodes>(code))} +
           " (reason code " + std::to_string(code) + ")";
  else if (code != 0)
    why += ": return code " + std::to_string(code);
  return why;
}

/// The reason of one OpenSSL error line ("C0E6...:error:0A000086:SSL routines:function:certificate verify
/// failed:file:line:"), or the trimmed line when it has another shape.
std::string openssl_reason(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t from = 0;
  for (auto colon = line.find(':'); colon != std::string::npos; colon = line.find(':', from = colon + 1))
    fields.push_back(line.substr(from, colon - from));
  if (fields.size() > 5 && fields[1] == "error" && !fields[5].empty())
    return fields[5];
  const auto end = line.find_last_not_of(" \r\n");
  return end == std::string::npos ? std::string{} : line.substr(0, end + 1);
}

} // namespace

void paho_link::connect_events::note_tls_error(const std::string& error) {
  std::lock_guard<std::mutex> guard{mutex};
  if (tls_error.empty()) // the first error is the cause, the rest its consequences
    tls_error = openssl_reason(error);
}

void paho_link::connect_events::on_success(const mqtt::token&) {
  std::lock_guard<std::mutex> guard{mutex};
  tls_error.clear();
}

void paho_link::connect_events::on_failure(const mqtt::token& tok) {
  auto why = connect_failure_reason(tok);
  {
    std::lock_guard<std::mutex> guard{mutex};
    if (!tls_error.empty())
      why += " (TLS: " + tls_error + ")";
    tls_error.clear();
  }
  caf::anon_send(bus, down_atom::value, why);
}


} // namespace meterhub::bus::detail

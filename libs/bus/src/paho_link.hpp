#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <mqtt/async_client.h>

#include "meterhub/bus/bus.hpp"

/// The Paho side of the bus actor: the client plus the callbacks Paho calls on its own threads. Callbacks only
/// forward events to the bus actor, with one exception: a message for a durable subscription is appended to the
/// on-disk inbox before the callback returns, because Paho acknowledges it to the broker right after. The bus actor
/// then feeds the inbox to the sink at its own pace, so a backlog waits on disk, not in memory.
namespace meterhub::bus::detail {

struct routing {
  std::vector<subscription> subscriptions;
  /// Responses to this bus's own requests arrive here and go to the bus actor, not to sinks.
  std::string reply_topic;
  bus_actor bus;
  std::shared_ptr<disk_queue> inbox;
  std::atomic<std::uint64_t> received{0};
  std::atomic<std::uint64_t> inbox_failures{0};
  /// Set when the bus actor has been told that the inbox grew and has not yet looked; spares it one message per
  /// record.
  std::atomic<bool> inbox_signalled{false};

  /// Hands one message to every matching non-durable sink and appends it to the inbox for a durable one.
  void route(const mqtt::message& msg);
  /// The durable subscription that takes messages on `topic`, or null.
  const subscription* durable_for(std::string_view topic) const;
};

/// Paho's TLS options from ours (trust store, client certificate and key, verification); OpenSSL's errors during
/// a handshake go to `on_error`.
mqtt::ssl_options tls_options(const tls_settings& tls, mqtt::ssl_options::error_handler on_error);

/// The MQTT client id: `client_id`, or "{service}-{instance}" when it is empty.
std::string client_id_or_default(const bus_settings& s);

class paho_link : public mqtt::callback {
public:
  paho_link(const bus_settings& settings, bus_actor bus, std::shared_ptr<routing> routes);
  ~paho_link() override;

  mqtt::async_client& client() { return *client_; }
  mqtt::iaction_listener& publish_listener() { return publish_listener_; }
  mqtt::iaction_listener& connect_listener() { return connect_listener_; }
  /// For the TLS options of a connect: keeps OpenSSL's reason for a failed handshake, which the connect failure
  /// then reports (Paho itself says only "TCP/TLS connect failure", return code -1).
  mqtt::ssl_options::error_handler tls_error_handler() {
    return [this](const std::string& error) { connect_listener_.note_tls_error(error); };
  }

  void connected(const std::string& cause) override;
  void connection_lost(const std::string& cause) override;
  void message_arrived(mqtt::const_message_ptr msg) override;

private:
  struct publish_events : mqtt::iaction_listener {
    bus_actor bus;
    void on_success(const mqtt::token& tok) override;
    void on_failure(const mqtt::token& tok) override;
  };
  struct connect_events : mqtt::iaction_listener {
    bus_actor bus;
    std::mutex mutex;
    std::string tls_error; ///< OpenSSL's reason during the current connect attempt, if any
    void note_tls_error(const std::string& error);
    void on_success(const mqtt::token&) override;
    void on_failure(const mqtt::token& tok) override;
  };

  bus_actor bus_;
  std::shared_ptr<routing> routes_;
  publish_events publish_listener_;
  connect_events connect_listener_;
  std::unique_ptr<mqtt::async_client> client_;
};

} // namespace meterhub::bus::detail

#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <mqtt/async_client.h>

#include "meterhub/bus/output.hpp"

/// The Paho side of an output connection: the client and the callbacks Paho calls on its own threads, which only
/// forward events to the output actor (and subscription messages to their sinks).
namespace meterhub::bus::detail {

class output_link : public mqtt::callback {
public:
  output_link(const output_settings& settings, output_actor owner);
  ~output_link() override;

  mqtt::async_client& client() { return *client_; }
  mqtt::iaction_listener& publish_listener() { return publish_listener_; }
  mqtt::iaction_listener& connect_listener() { return connect_listener_; }
  /// Adds a subscription; its messages go to `sink` as non-durable `bus_message`s (from Paho's thread).
  void add_subscription(subscription sub);
  /// The filters to subscribe after a connect.
  std::vector<std::string> filters() const;

  /// The options of one connect attempt: version, keepalive, authentication and TLS from `settings`.
  mqtt::connect_options connect_options(const output_settings& settings);

  void connected(const std::string& cause) override;
  void connection_lost(const std::string& cause) override;
  void message_arrived(mqtt::const_message_ptr msg) override;

private:
  struct publish_events : mqtt::iaction_listener {
    output_actor owner;
    void on_success(const mqtt::token& tok) override;
    void on_failure(const mqtt::token& tok) override;
  };
  struct connect_events : mqtt::iaction_listener {
    output_actor owner;
    std::mutex mutex;
    std::string tls_error;
    void on_success(const mqtt::token&) override;
    void on_failure(const mqtt::token& tok) override;
  };

  output_actor owner_;
  mutable std::mutex subscriptions_mutex_; ///< Paho's thread reads them, the actor adds to them
  std::vector<subscription> subscriptions_;
  publish_events publish_listener_;
  connect_events connect_listener_;
  std::unique_ptr<mqtt::async_client> client_;
};

} // namespace meterhub::bus::detail

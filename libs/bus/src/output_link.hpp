#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "meterhub/bus/output.hpp"

struct mosquitto;

/// The libmosquitto side of an output connection. libmosquitto rather than Paho here: derived streams are many
/// small messages, and its QoS 0 path writes them at about 300,000 messages/s on loopback where Paho C++ manages
/// 20,000-45,000 (docs/benchmarks.md). Its network thread reconnects by itself with the configured backoff; the
/// callbacks only forward events to the output actor (and subscription messages to their sinks).
namespace meterhub::bus::detail {

/// What `publish` did with a message.
enum class publish_outcome : std::uint8_t { sent, not_connected, refused };

class output_link {
public:
  output_link(const output_settings& settings, output_actor owner);
  ~output_link();
  output_link(const output_link&) = delete;
  output_link& operator=(const output_link&) = delete;

  /// Why the settings cannot be used (a WebSocket URL, a bad port), or empty.
  const std::string& problem() const noexcept { return problem_; }

  /// Starts connecting (once); libmosquitto reconnects by itself afterwards.
  void connect();

  /// Hands one message to libmosquitto; `id` comes back through `delivered_atom` / `take_delivered` once the
  /// broker acknowledged it (QoS 1/2) or it was written (QoS 0). `why` says what refused it.
  publish_outcome publish(const out_message& m, std::uint64_t id, std::string& why);

  /// The ids delivered since the last call.
  std::vector<std::uint64_t> take_delivered();

  /// Adds a subscription (subscribed now when connected, and after every connect).
  void add_subscription(subscription sub);
  /// Subscribes every filter again (after a connect).
  void resubscribe();

  /// Callbacks from libmosquitto's thread (public for the C callbacks).
  void on_connect(int rc);
  void on_disconnect(int rc);
  void on_publish(int mid);
  void on_message(const std::string& topic, std::string payload);

private:
  output_actor owner_;
  std::string problem_;
  std::string host_;
  int port_ = 1883;
  int keepalive_s_ = 20;
  bool started_ = false;
  mosquitto* client_ = nullptr;
  std::mutex mutex_; ///< mid → id, deliveries, subscriptions: the actor's thread and libmosquitto's share them
  std::map<int, std::uint64_t> by_mid_;
  std::vector<std::uint64_t> delivered_;
  std::vector<subscription> subscriptions_;
};

} // namespace meterhub::bus::detail

#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

#include "meterhub/bus/disk_queue.hpp"

namespace meterhub::bus {

/// TLS towards the broker; used when the URL scheme is ssl:// or mqtts://.
struct tls_settings {
  std::string ca_file;   ///< trust store (PEM); empty = the system's
  std::string cert_file; ///< client certificate for mutual TLS (optional)
  std::string key_file;  ///< its private key
  bool verify = true;    ///< check the broker's certificate and host name
};

/// Everything the bus needs to connect, identify itself and keep data safe while the broker is away.
struct bus_settings {
  std::string url = "tcp://127.0.0.1:1883";
  /// Stable per instance: a persistent session is found again by its client id.
  std::string client_id;
  std::string username;
  std::string password; ///< from a file or the environment, never logged
  tls_settings tls;
  std::string prefix = "meterhub";
  std::string service;  ///< "p1", "storage", ... for the service status topic
  std::string instance; ///< usually the host name
  std::string version;
  /// Folder for the spool (outgoing) and the inbox (incoming, durable subscriptions).
  std::filesystem::path state_dir = "var/bus";
  disk_queue::limits spool_limits{};
  disk_queue::limits inbox_limits{};
  std::chrono::seconds keepalive{20};
  /// How long the broker keeps a durable subscriber's session (and its queued messages) while it is away.
  std::chrono::seconds session_expiry{7 * 24 * 3600};
  std::chrono::milliseconds reconnect_min{250};
  std::chrono::milliseconds reconnect_max{30'000};
  /// Spooled messages published and not yet acknowledged by the broker, at most.
  std::size_t inflight_window = 512;
  /// Inbox records handed to durable sinks and not yet acknowledged by them, at most: bounds the memory a backlog
  /// can take; large enough that a batching sink always has its next batch queued while it commits.
  std::size_t inbox_window = 2048;
};

/// True for ssl://, mqtts:// and wss:// URLs.
bool uses_tls(const std::string& url) noexcept;

} // namespace meterhub::bus

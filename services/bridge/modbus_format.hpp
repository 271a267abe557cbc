#pragma once

#include <memory>

#include "meterhub/bus/bus.hpp"
#include "meterhub/metrics/metrics.hpp"
#include "meterhub/modbus_export/server.hpp"
#include "meterhub/modbus_export/settings.hpp"
#include "translator.hpp"

namespace meterhub::bridge {

/// The Modbus TCP slave for SCADA (libs/modbus_export) as a bridge format: batches update its register image, the
/// tick moves ages, heartbeats and quality codes and exports the server's counters. It publishes nothing on MQTT.
/// A SCADA write to a register mapped to a command becomes a bus Command (kind write, the mapping's target as the
/// address, the decoded value), acknowledged to the master once it is on its way to the bus; the adapter's own
/// answer is not waited for (Modbus masters time out in about a second, meters answer in seconds).
class modbus_format : public translator {
public:
  /// Starts the server; an error when the port cannot be bound or the map is invalid.
  static caf::expected<std::shared_ptr<modbus_format>> start(const modbus_export::export_settings& settings,
                                                             std::shared_ptr<bus::bus_actor> bus,
                                                             std::string bus_prefix, metrics::registry& metrics);
  ~modbus_format() override;

  std::string_view name() const override { return "modbus"; }
  void on_batch(const reading_batch& batch, std::int64_t now_ms, std::vector<bus::out_message>& out) override;
  void on_tick(std::int64_t now_ms) override;

  /// Closes every connection and joins the server thread (before the actor system goes: writes send to the bus).
  void stop() noexcept { server_->stop(); }

  /// The port the server listens on (the configured one, or the one the OS chose for port 0).
  std::uint16_t port() const noexcept { return server_->port(); }

  struct series; ///< the /metrics series of the server's counters

private:
  modbus_format() = default;

  std::shared_ptr<modbus_export::shared_image> image_;
  std::unique_ptr<modbus_export::server> server_;
  std::unique_ptr<series> series_;
};

} // namespace meterhub::bridge

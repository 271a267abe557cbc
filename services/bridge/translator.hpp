#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/bus/output.hpp"
#include "meterhub/core/reading.hpp"

/// One output format of the bridge (VSCP events, plain and JSON mirrors, Home Assistant discovery, the Modbus
/// slave's register image). The bridge actor hands every bus message to every translator and publishes what they
/// append to `out`; a translator that feeds something other than MQTT (the Modbus image) appends nothing. New
/// formats are new translators: the actor does not change.
namespace meterhub::bridge {

class translator {
public:
  virtual ~translator() = default;

  /// The format's name in logs and metrics ("vscp", "mirror", ...).
  virtual std::string_view name() const = 0;

  /// A ReadingBatch from `{prefix}/v1/readings/{device}`.
  virtual void on_batch(const reading_batch& batch, std::int64_t now_ms, std::vector<bus::out_message>& out) = 0;

  /// The encoded DeviceState retained on `{prefix}/v1/state/{device}`; empty when the retained state was cleared,
  /// which means the device was removed.
  virtual void on_state(std::string_view device, std::string_view payload, std::int64_t now_ms,
                        std::vector<bus::out_message>& out) {
    (void)device, (void)payload, (void)now_ms, (void)out;
  }

  /// Once a second, for what changes with time alone (ages, heartbeats) and for exporting counters.
  virtual void on_tick(std::int64_t now_ms) { (void)now_ms; }

  /// An encoded Alert from `{prefix}/v1/alerts/{device}`.
  virtual void on_alert(std::string_view device, std::string_view payload, std::int64_t now_ms,
                        std::vector<bus::out_message>& out) {
    (void)device, (void)payload, (void)now_ms, (void)out;
  }
};

} // namespace meterhub::bridge

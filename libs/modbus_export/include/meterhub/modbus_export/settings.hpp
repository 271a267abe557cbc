#pragma once

#include "meterhub/config/config.hpp"
#include "meterhub/modbus_export/map.hpp"
#include "meterhub/modbus_export/server.hpp"

/// The export's configuration from the service's YAML, through libs/config's recording reader: every problem (a
/// wrong type, a value out of range, an unknown key, and everything `check(export_map)` finds) is recorded with its
/// full key path ("modbus_export.units[0].values[2].quality: ...") and reported with the rest of the service's
/// configuration by `document::check()`, so an operator fixes the whole file in one go.
///
///     modbus_export:
///       enabled: true
///       listen: 0.0.0.0            # default 127.0.0.1
///       port: 502                  # 0: any free port
///       allow: [10.1.0.0/16]       # CIDR blocks; empty or absent: everyone who can reach the port
///       max_clients: 32
///       idle_timeout: 5m           # 0s: never
///       frame_timeout: 5s
///       units:
///         - unit: 1                # Modbus unit id, 0..255
///           device: p1-4530303331
///           stale_after: 2m        # default for the unit's values
///           max_gap: 64            # holes up to this many registers read as 0
///           heartbeat: {table: holding, address: 0}
///           values:
///             - {quantity: 1-0:1.7.0, table: holding, address: 10, type: f32, order: ABCD, quality: 12, age: 13}
///             - {quantity: 1-0:1.8.0, address: 20, type: u32, order: CDAB, scale: 1000, age: 22, age_type: u32}
///           commands:
///             - {table: holding, address: 100, type: u16, target: relay.1}
///             - {table: coil, address: 0, target: breaker}
///
/// Value keys: quantity (required; OBIS as on the bus, written in canonical form: "1-0:1.7.0*255" is taken as
/// "1-0:1.7.0"), table (holding | input, default holding), address (required, 0..65535), type (f32 f64 u16 s16 u32
/// s32 u64 s64, default f32), order (ABCD CDAB BADC DCBA, default ABCD), scale (default 1), offset (default 0),
/// quality, age (addresses), age_type (u16 | u32), stale_after. Command keys: table (holding | coil), address,
/// type, order, scale, offset, target (required).
namespace meterhub::modbus_export {

/// Everything the `modbus_export` section configures.
struct export_settings {
  bool enabled = false; ///< absent or false: no server is started and the rest is not required
  server_settings server;
  export_map map;
};

/// Reads `r`, the service's `modbus_export` section (a missing section reads as disabled). Problems are recorded
/// in `r`'s document; the returned settings are what could be read and are meant to be used only when the
/// document's check() passes.
export_settings read_export_settings(const config::reader& r);

} // namespace meterhub::modbus_export

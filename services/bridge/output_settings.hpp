#pragma once

#include "meterhub/bus/output.hpp"
#include "meterhub/bus/settings.hpp"
#include "meterhub/config/config.hpp"

namespace meterhub::bridge {

/// The `output` section: the broker the derived topics go to. Absent keys take the bus's values, so with no
/// section at all the mirrors go to the bus's own broker (what node-red and Home Assistant users usually share);
/// a VSCP or Home Assistant broker elsewhere gets its own url, credentials (password from a file or the
/// environment) and TLS. Keys: url, client_id, username, password (secret), mqtt_version (3.1.1 | 5),
/// inflight_window, tls {ca_file, cert_file, key_file, verify}.
bus::output_settings read_output(const config::reader& output, const bus::bus_settings& bus);

} // namespace meterhub::bridge

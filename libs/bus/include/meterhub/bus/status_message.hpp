#pragma once

#include <cstdint>
#include <string>

#include "meterhub/bus/settings.hpp"

namespace meterhub::bus {

/// `{prefix}/v1/service/{service}/{instance}` for these settings.
std::string service_topic(const bus_settings& settings);

/// A serialised `meterhub.v1.ServiceStatus` saying whether the service is online; also the last will (offline).
std::string service_status_payload(const bus_settings& settings, bool online, std::int64_t started_ms);

} // namespace meterhub::bus

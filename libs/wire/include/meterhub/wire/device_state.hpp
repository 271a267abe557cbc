#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "meterhub/v1/status.pb.h"

namespace meterhub::wire {

/// What an adapter reports about one of its devices, published retained on {prefix}/v1/state/{device}.
struct device_report {
  std::string device;
  std::string protocol; ///< "dsmr", "iec61107", ...
  std::string source;   ///< the publishing instance ("p1/host-1")
  v1::Health health = v1::HEALTH_UNSPECIFIED;
  std::string reason;   ///< why it is not online; may quote the meter's bytes
  std::string model;    ///< as the meter names itself
  std::string firmware;
  std::int64_t last_success_ms = 0;
  std::map<std::string, std::uint64_t> counters;
  std::map<std::string, std::string> attributes; ///< link facts (radio channel, signal), empty for most protocols
};

/// The encoded meterhub.v1.DeviceState of `report` at `now_ms`. Text that came from a meter is made valid UTF-8
/// first: protobuf strings must be, and a meter may send ISO 8859-1.
std::string encode_device_state(const device_report& report, std::int64_t now_ms);

} // namespace meterhub::wire

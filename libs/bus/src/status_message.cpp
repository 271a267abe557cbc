#include "meterhub/bus/status_message.hpp"

#include <chrono>

#include "meterhub/v1/status.pb.h"
#include "meterhub/wire/topics.hpp"

namespace meterhub::bus {

std::string service_topic(const bus_settings& settings) {
  return wire::topics{settings.prefix}.service(settings.service, settings.instance);
}

std::string service_status_payload(const bus_settings& settings, bool online, std::int64_t started_ms) {
  v1::ServiceStatus status;
  status.set_service(settings.service);
  status.set_instance(settings.instance);
  status.set_health(online ? v1::HEALTH_ONLINE : v1::HEALTH_OFFLINE);
  status.set_version(settings.version);
  status.set_started_unix_ms(started_ms);
  status.set_updated_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
  return status.SerializeAsString();
}

} // namespace meterhub::bus

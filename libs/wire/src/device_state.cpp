#include "meterhub/wire/device_state.hpp"

#include "meterhub/core/text.hpp"

namespace meterhub::wire {

std::string encode_device_state(const device_report& r, std::int64_t now_ms) {
  v1::DeviceState s;
  s.set_device(r.device);
  s.set_health(r.health);
  s.set_reason(as_utf8(r.reason));
  s.set_protocol(r.protocol);
  s.set_model(as_utf8(r.model));
  s.set_firmware(as_utf8(r.firmware));
  s.set_last_success_unix_ms(r.last_success_ms);
  s.set_updated_unix_ms(now_ms);
  s.set_source(r.source);
  s.mutable_counters()->insert(r.counters.begin(), r.counters.end());
  for (const auto& [key, value] : r.attributes)
    (*s.mutable_attributes())[key] = as_utf8(value);
  return s.SerializeAsString();
}

} // namespace meterhub::wire

#include "meterhub/mirror/alert.hpp"

#include "meterhub/core/quantity_names.hpp"
#include "meterhub/core/text.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/v1/status.pb.h"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/json.hpp"

namespace meterhub::mirror {

caf::expected<alert_event> decode_alert(std::string_view bytes) {
  v1::Alert in;
  if (!in.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return make_error(mirror_errc::malformed_alert, "not a meterhub.v1.Alert");
  if (in.state() != v1::ALERT_STATE_RAISED && in.state() != v1::ALERT_STATE_CLEARED)
    return make_error(mirror_errc::malformed_alert, "an alert is raised or cleared, this one is neither");
  alert_event out;
  out.device = in.device();
  out.rule = in.rule();
  out.quantity = in.quantity();
  out.raised = in.state() == v1::ALERT_STATE_RAISED;
  out.text = in.message();
  out.time_ms = in.time_unix_ms();
  if (in.has_reading())
    out.reading = wire::from_proto(in.reading());
  return out;
}

nlohmann::ordered_json alert_json(std::string_view device, const alert_event& a) {
  nlohmann::ordered_json j;
  j["device"] = device;
  j["rule"] = as_utf8(a.rule);
  j["quantity"] = as_utf8(a.quantity);
  j["name"] = a.quantity.empty() ? nlohmann::ordered_json{} : nlohmann::ordered_json(readable_name(a.quantity));
  j["state"] = a.raised ? "raised" : "cleared";
  j["active"] = a.raised;
  j["message"] = as_utf8(a.text);
  j["time"] = format_iso8601(a.time_ms);
  j["time_unix_ms"] = a.time_ms;
  if (a.reading)
    j["reading"] = wire::to_json(device, *a.reading);
  return j;
}

std::vector<message> alert_messages(const settings& s, const topic_builder& topics, std::string_view device,
                                    const alert_event& a) {
  auto payload = alert_json(device, a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return {
    {topics.alert(device), payload, false, s.qos},
    {topics.alert_rule(device, a.rule), std::move(payload), true, s.qos},
  };
}

} // namespace meterhub::mirror

#include "vscp_translator.hpp"

#include "meterhub/logging/logging.hpp"
#include "meterhub/vscp/event.hpp"

namespace meterhub::bridge {

vscp_translator::vscp_translator(vscp_options options, metrics::registry& metrics)
  : options_(std::move(options)),
    events_(metrics.make_counter("meterhub_bridge_vscp_events_total", "VSCP events derived from readings")),
    log_(logging::get("bridge")) {
  for (auto reason : {vscp::skip_reason::no_value, vscp::skip_reason::invalid, vscp::skip_reason::backfilled,
                      vscp::skip_reason::wrong_unit, vscp::skip_reason::not_finite, vscp::skip_reason::no_guid,
                      vscp::skip_reason::empty_topic, vscp::skip_reason::bad_topic})
    skipped_.emplace(static_cast<int>(reason),
                     metrics.make_counter("meterhub_bridge_vscp_skipped_total",
                                           "Readings of mapped quantities that became no VSCP event, by reason",
                                           {{"reason", vscp::to_string(reason)}}));
}

const vscp::settings& vscp_translator::settings_for(const std::string& device) {
  auto over = options_.per_device.find(device);
  if (over == options_.per_device.end())
    return options_.settings;
  auto it = per_device_.find(device);
  if (it == per_device_.end()) {
    auto s = options_.settings;
    const auto& o = over->second;
    if (o.mac)
      s.mac = o.mac;
    if (o.guid)
      s.configured_guid = o.guid;
    s.zone = o.zone.value_or(s.zone);
    s.subzone = o.subzone.value_or(s.subzone);
    it = per_device_.emplace(device, std::move(s)).first;
  }
  return it->second;
}

void vscp_translator::on_batch(const reading_batch& batch, std::int64_t now_ms, std::vector<bus::out_message>& out) {
  if (!options_.devices.allows(batch.device))
    return;
  auto t = vscp::translate_batch(batch, settings_for(batch.device), now_ms);
  events_.inc(t.messages.size());
  for (const auto& s : t.skipped)
    skipped_.at(static_cast<int>(s.reason)).inc();
  if (log_->should_log(spdlog::level::debug))
    for (const auto& m : t.messages)
      log_->debug("vscp {}: {} {}", batch.device, m.topic, m.payload);
  for (auto& m : t.messages)
    out.push_back({std::move(m.topic), std::move(m.payload), m.qos, m.retained});
}

} // namespace meterhub::bridge

#pragma once

#include <map>
#include <memory>

#include <spdlog/logger.h>

#include "meterhub/metrics/metrics.hpp"
#include "translator.hpp"
#include "vscp_settings.hpp"

namespace meterhub::bridge {

/// Readings as the VSCP measurement events of vscp-python-p1-power-meter (libs/vscp), for the devices the
/// `vscp.devices` filter lets through, each with its own GUID source from `vscp.per_device`. Readings that cannot
/// be an event (no value, invalid, backfilled: a VSCP event means "now") are counted by reason.
class vscp_translator : public translator {
public:
  vscp_translator(vscp_options options, metrics::registry& metrics);

  std::string_view name() const override { return "vscp"; }
  void on_batch(const reading_batch& batch, std::int64_t now_ms, std::vector<bus::out_message>& out) override;

private:
  const vscp::settings& settings_for(const std::string& device);

  vscp_options options_;
  std::map<std::string, vscp::settings, std::less<>> per_device_;
  metrics::counter events_;
  std::map<int, metrics::counter> skipped_;
  std::shared_ptr<spdlog::logger> log_; ///< -v / log level debug: every event, as the script's verbose mode
};

} // namespace meterhub::bridge

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "settings.hpp"

/// The one-shot subcommands of meterhub-echonet, which need no broker: what a household does with a Python script
/// today (find the meter, read a property, fetch a day of history), through the same session and decoders as the
/// daemon.
namespace meterhub::echonet_service {

/// One module and its meter, from the command line.
struct target_options {
  std::string port;
  std::string serial = "115200 8N1";
  std::string model = "auto";      ///< auto, bp35a1, bp35c2
  std::string route_b_id;          ///< from --route-b-id-file or METERHUB_ROUTE_B_ID
  std::string password;            ///< from --password-file or METERHUB_ROUTE_B_PASSWORD
  std::string meter_mac;           ///< 16 hex digits: join only this PAN
  unsigned first_duration = 4;     ///< SKSCAN D, escalated up to max_duration
  unsigned max_duration = 8;
  double join_timeout_s = 300;     ///< scan + join
  double reply_timeout_s = 12;
  std::string device = "route-b";  ///< device id in JSON output
  bool json = false;
};

/// Active scan with escalating duration; prints each PAN heard (channel, PAN id, MAC, LQI, RSSI, pairing id).
/// Exit 1 when none answered.
int scan_pans(const target_options& t);

/// Joins, reads the scale, Gets `epcs` (hex) and prints the readings and every property's EDT in hex.
int read_properties(const target_options& t, const std::vector<std::string>& epcs);

/// Joins and prints history 1 (both directions) of today and the `days` − 1 days before it, oldest first.
int read_history(const target_options& t, unsigned days);

/// Decodes a captured module log (the module's lines, '#' comments allowed) into one JSON object per ECHONET
/// frame with its properties and readings; the scale is taken from D3 / E1 answers in the log. Exit 1 when a line
/// or frame was damaged.
int decode_log(const std::string& input, const std::string& model, const std::string& device,
               const std::string& time);

} // namespace meterhub::echonet_service

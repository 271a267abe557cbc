#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "meterhub/neva/model.hpp"

/// The one-shot subcommands of meterhub-iec61107 (what users do today with Python scripts), which need no broker.
namespace meterhub::iec61107_service {

/// How to reach the line, from the command line.
struct line_options {
  std::string port;                    ///< /dev/ttyUSB0, host:port, :port (a converter dials in)
  std::string serial = "9600 7E1";
  bool optical = false;                ///< start at 300 Bd and switch to the meter's rate
  int max_baud = 9600;
  std::chrono::milliseconds reply_timeout{2000};
  std::chrono::milliseconds connect_timeout{10'000}; ///< TCP connect, or waiting for a converter to dial in
};

/// Which meter on the line, and how to read its values.
struct meter_options {
  std::string address;                 ///< empty: the only meter on the line
  std::optional<std::string> password; ///< unset: echo the meter's P0 operand
  neva::model_options model;
  std::string device;                  ///< device id in JSON output; default iec61107-{address or serial}
};

/// Reads registers ("20.07.00*FF" or "200700FF") and prints each one's readings (a table, or one JSON object per
/// reading). Registers without readings (clock, calendar) print their raw text. Non-zero when any read failed.
int read_registers(const line_options& line, const meter_options& meter, const std::vector<std::string>& registers,
                   bool json);

/// Writes one register and prints the meter's answer; non-zero when it refused.
int write_register(const line_options& line, const meter_options& meter, const std::string& reg,
                   const std::string& value);

/// Reads the half-hour archive of the last `days` whole days (and today's finished intervals with `today`): the
/// cumulative total and T1..T4 after every interval, rebuilt from the start-of-day registers, the load profile and
/// the tariff calendar (a table in kWh, or one JSON object per reading). Non-zero when a day could not be built.
int half_hours(const line_options& line, const meter_options& meter, int days, bool today, bool json,
               std::chrono::minutes utc_offset);

/// Signs on with each address and lists the meters that answer with their identification.
int scan(const line_options& line, const std::vector<std::string>& addresses);

/// Decodes a captured byte stream (both directions) into its messages and, for read replies, their readings:
/// one JSON object per line. Non-zero when the capture holds a damaged message.
int decode_capture(const std::string& path, const meter_options& meter);

} // namespace meterhub::iec61107_service

#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "settings.hpp"

/// The one-shot subcommands of meterhub-modbus, which need no broker: what a site engineer does with mbpoll or a
/// Python script today, but through the same profiles and drivers as the daemon.
namespace meterhub::modbus_service {

/// One device on one line, from the command line.
struct target_options {
  std::string port;                ///< /dev/ttyUSB0, tcp://host:port, rtu+tcp://host:port
  std::string serial = "9600 8N1";
  double timeout_s = 1.0;          ///< response timeout
  std::string profile;             ///< a profile id in the profiles folder, or a .yaml path
  std::filesystem::path profiles_dir;
  unsigned address = 1;            ///< unit id, or Mercury network address
  std::string password = "111111"; ///< Mercury level 1
  std::string admin_password = "222222";
  std::string timezone = "+03:00"; ///< Mercury: the UTC offset its clock keeps (it has no zone of its own)
  std::string device;              ///< device id in JSON output
};

/// Lists the profiles of a folder with what each covers; every file is validated, and a bad one is reported with
/// file, key and reason (exit 1).
int list_profiles(const std::filesystem::path& dir, bool json);

/// Reads every group of the device's profile (or only `registers`, by name or as table:address[/type[/order]])
/// and prints the readings as a table, or one JSON object per reading. Exit 1 when any value failed.
int read_device(const target_options& target, const std::vector<std::string>& registers, bool json);

/// Writes one register (by name through the profile, or by address) and reads it back; exit 1 when refused.
int write_device(const target_options& target, const std::string& reg, const std::string& value);

/// Asks each address in [from, to] on the line and lists those that answer, with the profiles whose
/// identification rules they match (Modbus) or their serial number (Mercury, with `mercury`).
int scan_line(const target_options& target, unsigned from, unsigned to, bool mercury);

/// Decodes captured frames (RTU, or Modbus TCP with `tcp`) from a file or stdin into the frames they hold and,
/// with a profile, the readings of each reply: one JSON object per line. Exit 1 when the capture holds a damaged
/// frame.
int decode_capture(const std::string& input, const target_options& target, bool tcp);

} // namespace meterhub::modbus_service

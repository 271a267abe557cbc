#pragma once

#include <string>
#include <vector>

#include "connection.hpp"

/// One function per meterhubctl subcommand; each returns the process exit code.
namespace meterhub::ctl {

struct output_options {
  bool json = false;
};

int list_devices(const connection_options& conn, const output_options& out);
int show_latest(const connection_options& conn, const output_options& out, const std::string& device,
                const std::vector<std::string>& quantities);

struct range_args {
  std::string device;
  std::string quantity;
  std::string from = "-1h";
  std::string to = "now";
  std::string bucket;              ///< empty = raw readings
  std::vector<std::string> aggregates;
  unsigned limit = 0;
};
int show_range(const connection_options& conn, const output_options& out, const range_args& args);

struct watch_args {
  std::vector<std::string> devices;
  std::vector<std::string> quantities;
  long count = 0; ///< stop after this many readings (0 = until interrupted)
};
int watch(const connection_options& conn, const output_options& out, const watch_args& args);

struct command_args {
  std::string device;
  std::string kind; ///< read, write, set-clock, read-archive, poll
  std::vector<std::string> quantities;
  std::string address;
  std::string value;
  std::string time;
  std::string until; ///< read-archive: end of the range (now, -1h, ISO-8601); empty = one day after `time`
  int timeout_ms = 10'000;
};
int send_command(const connection_options& conn, const output_options& out, const command_args& args);

int check_health(const connection_options& conn, const output_options& out);

} // namespace meterhub::ctl

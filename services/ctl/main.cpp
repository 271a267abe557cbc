// meterhubctl: the gateway's command-line client. One subcommand per gateway call; tables or --json.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"

using namespace meterhub::ctl;

namespace {

std::string read_token(const std::string& file) {
  if (file.empty()) {
    const char* env = std::getenv("METERHUB_TOKEN");
    return env != nullptr ? env : "";
  }
  std::ifstream in(file);
  if (!in)
    throw CLI::ValidationError("--token-file", "cannot read " + file);
  std::string token;
  std::getline(in, token);
  return token;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"meterhubctl: query meters, watch live readings and send commands through meterhub-gateway"};
  app.require_subcommand(1);
  connection_options conn;
  if (const char* env = std::getenv("METERHUB_GATEWAY"))
    conn.target = env;
  output_options out;
  std::string token_file;
  double timeout_s = 10;
  app.add_option("-g,--gateway", conn.target, "gateway address host:port (env METERHUB_GATEWAY)")
    ->capture_default_str();
  app.add_flag("--tls", conn.tls, "connect with TLS");
  app.add_option("--ca", conn.ca_file, "PEM file with the CA that signed the gateway's certificate")
    ->check(CLI::ExistingFile);
  app.add_option("--token-file", token_file, "file holding the bearer token (default: env METERHUB_TOKEN)");
  app.add_option("--timeout", timeout_s, "seconds to wait for an answer")->capture_default_str();
  app.add_flag("--json", out.json, "one JSON object per line instead of a table");

  auto* devices = app.add_subcommand("devices", "list devices with their state");

  std::string device;
  std::vector<std::string> quantities;
  auto* latest = app.add_subcommand("latest", "latest value of each quantity of a device");
  latest->add_option("device", device, "device id")->required();
  latest->add_option("-q,--quantity", quantities, "only these quantities (OBIS), repeatable");

  range_args range;
  auto* rng = app.add_subcommand("range", "readings of one quantity over time, raw or in buckets");
  rng->add_option("device", range.device, "device id")->required();
  rng->add_option("quantity", range.quantity, "OBIS code, e.g. 1-0:1.7.0")->required();
  rng->add_option("--from", range.from, "start: now, -1h, or ISO-8601")->capture_default_str();
  rng->add_option("--to", range.to, "end (exclusive)")->capture_default_str();
  rng->add_option("--bucket", range.bucket, "bucket width such as 15m; omitted = raw readings");
  rng->add_option("--agg", range.aggregates, "min,max,avg,last (default all)")->delimiter(',');
  rng->add_option("--limit", range.limit, "at most this many rows");

  watch_args w;
  auto* watch_cmd = app.add_subcommand("watch", "stream live readings as they arrive");
  watch_cmd->add_option("-d,--device", w.devices, "only these devices, repeatable");
  watch_cmd->add_option("-q,--quantity", w.quantities, "only these quantities, repeatable");
  watch_cmd->add_option("-n,--count", w.count, "stop after this many readings");

  command_args c;
  auto* command = app.add_subcommand("command", "send a command to the adapter that owns a device");
  command->add_option("device", c.device, "device id")->required();
  command->add_option("kind", c.kind, "read | write | set-clock | read-archive | poll")->required();
  command->add_option("-q,--quantity", c.quantities, "quantities to read, repeatable");
  command->add_option("--address", c.address, "protocol address to write (e.g. the meter's OBIS)");
  command->add_option("--value", c.value, "value to write");
  command->add_option("--time", c.time, "time for set-clock / read-archive: now, -1d, ISO-8601");

  command->add_option("--until", c.until, "end of a read-archive range: now, -1h, ISO-8601");

  // The everyday commands of meter adapters, each a shorthand of `command`.
  auto* read_cmd = app.add_subcommand("read", "read one register of a device through its profile, or poll all");
  read_cmd->add_option("device", c.device, "device id")->required();
  read_cmd->add_option("register", c.address, "register name or address of the profile (omitted: every group)");
  read_cmd->add_option("-q,--quantity", c.quantities, "only these quantities, repeatable");
  auto* write_cmd = app.add_subcommand("write", "write a writable register of a device through its profile");
  write_cmd->add_option("device", c.device, "device id")->required();
  write_cmd->add_option("register", c.address, "register name or address of the profile")->required();
  write_cmd->add_option("value", c.value, "value in the register's unit, or a state name")->required();
  auto* clock_cmd = app.add_subcommand("set-clock", "set a meter's clock");
  clock_cmd->add_option("device", c.device, "device id")->required();
  clock_cmd->add_option("--time", c.time, "the time to set: ISO-8601 (default: the adapter's clock, now)");
  auto* profile_cmd =
    app.add_subcommand("profile", "read what a meter kept (power profile, archives) over a range and backfill it");
  profile_cmd->add_option("device", c.device, "device id")->required();
  profile_cmd->add_option("--from", c.time, "start: -1d, ISO-8601 (default -1d)");
  profile_cmd->add_option("--to", c.until, "end: now, -1h, ISO-8601 (default: one day after --from)");

  auto* health = app.add_subcommand("health", "ask the gateway's gRPC health service");

  try {
    app.parse(argc, argv);
    conn.token = read_token(token_file);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  conn.timeout_ms = static_cast<int>(timeout_s * 1000);
  c.timeout_ms = conn.timeout_ms;
  if (*devices)
    return list_devices(conn, out);
  if (*latest)
    return show_latest(conn, out, device, quantities);
  if (*rng)
    return show_range(conn, out, range);
  if (*watch_cmd)
    return watch(conn, out, w);
  if (*command)
    return send_command(conn, out, c);
  if (*read_cmd)
    c.kind = "read";
  else if (*write_cmd)
    c.kind = "write";
  else if (*clock_cmd)
    c.kind = "set-clock";
  else if (*profile_cmd) {
    c.kind = "read-archive";
    if (c.time.empty())
      c.time = "-1d";
  }
  if (!c.kind.empty())
    return send_command(conn, out, c);
  if (*health)
    return check_health(conn, out);
  return 64;
}

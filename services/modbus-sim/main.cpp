// meterhub-modbus-sim: Modbus TCP and RTU devices and Mercury 23x meters from the device profiles, for tests, the
// demo and commissioning.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <ctime>
#include <iostream>

#include <CLI/CLI.hpp>

#include "control.hpp"
#include "meterhub/config/config.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/transport/transport.hpp"
#include "site.hpp"

using namespace meterhub;
using namespace meterhub::modbus_sim;

namespace {

std::atomic<bool> stop{false};
std::atomic<bool> silenced{false};

struct options {
  std::string config;
  std::vector<std::string> tcp, rtu_tcp, devices, faults;
  unsigned tcp_ports = 0;
  bool pty = false;
  std::string pty_link;
  unsigned baud = 0, stop_bits = 1;
  std::string parity = "none";
  std::string profiles;
  std::uint64_t seed = 1;
  std::string start, utc_offset;
  double speed = 1.0;
  std::string slow_delay = "2000ms", channel_timeout = "240s";
  unsigned profile_days = 30;
  bool control_stdin = false;
  std::string log_level = "info";
};

int usage(const std::string& why) {
  std::cerr << "meterhub-modbus-sim: " << why << "\n";
  return 64;
}

void add_line_options(CLI::App& app, options& o) {
  app.add_option("--config", o.config, "a shop file: lines, their kind and port, devices (see README.md)");
  app.add_option("--tcp", o.tcp, "a Modbus TCP port HOST:PORT (repeatable; port 0: any free; printed as "
                                 "'tcp: HOST:PORT')");
  app.add_option("--tcp-ports", o.tcp_ports, "N Modbus TCP ports: consecutive from the first --tcp's port, or N "
                                             "free ones when it is 0");
  app.add_option("--rtu-tcp", o.rtu_tcp, "raw RTU frames on a TCP port HOST:PORT, as a serial converter passes "
                                         "them (repeatable; printed as 'rtu-tcp: HOST:PORT')");
  app.add_flag("--pty", o.pty, "an RTU line on a pty this program creates (printed as 'pty: PATH')");
  app.add_option("--pty-link", o.pty_link, "also make PATH a symlink to the pty (implies --pty)");
  app.add_option("--baud", o.baud, "pace RTU answers (pty, rtu-tcp) at this line rate; 0: no pacing")
    ->capture_default_str();
  app.add_option("--parity", o.parity, "none, even or odd: 10 or 11 bits a character for --baud")
    ->capture_default_str();
  app.add_option("--stop-bits", o.stop_bits, "1 or 2")->capture_default_str();
  app.add_option("--device", o.devices, "UNIT[-UNIT]:PROFILE[@LINE] (repeatable; no @LINE: on every line; lines "
                                        "are tcp1.., rtu-tcp1.., pty1 or the shop file's names)");
}

void add_model_options(CLI::App& app, options& o) {
  app.add_option("--profiles", o.profiles, "the profiles folder (default $METERHUB_PROFILES or " MH_PROFILES_DIR
                                           ")");
  app.add_option("--seed", o.seed, "the site's seed: loads, noise, serial numbers, faults")->capture_default_str();
  app.add_option("--start", o.start, "model time at start, YYYY-MM-DDThh:mm:ssZ (default: now)");
  app.add_option("--speed", o.speed, "model time runs this many times as fast as the host's")
    ->capture_default_str();
  app.add_option("--utc-offset", o.utc_offset, "the site's local time (tariffs, Mercury clocks), +03:00 (default: "
                                               "the host's)");
  app.add_option("--channel-timeout", o.channel_timeout, "Mercury: idle time that closes the channel")
    ->capture_default_str();
  app.add_option("--profile-days", o.profile_days, "Mercury: days of power profile filled back at start")
    ->capture_default_str();
  app.add_option("--fault", o.faults, "[TARGET=]KIND[:PERCENT], TARGET all, 7, 7@LINE, @LINE; KIND silence, "
                                      "bad-crc, exception:N, slow, drop, garble (repeatable)");
  app.add_option("--slow-delay", o.slow_delay, "delay of the slow fault")->capture_default_str();
  app.add_flag("--control-stdin", o.control_stdin, "read 'fault TARGET KIND[:P]', 'clear', 'faults' on stdin");
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error, off")->capture_default_str();
}

caf::error invalid(std::string text) {
  return make_error(config::config_errc::invalid, text);
}

line_spec cli_line(std::string name, line_kind kind, std::string host, unsigned port,
                   const modbus::serial_format& format = {0, 8, false, 1}) {
  line_spec line;
  line.name = std::move(name);
  line.kind = kind;
  line.host = std::move(host);
  line.port = static_cast<std::uint16_t>(port);
  line.format = format;
  return line;
}

/// --tcp (the first one --tcp-ports times, on consecutive ports or free ones) as lines tcp1, tcp2, ...
caf::error add_tcp_lines(const options& o, site_plan& plan) {
  std::vector<std::string> tcp = o.tcp;
  if (o.tcp_ports > 0 && tcp.empty())
    tcp.push_back("127.0.0.1:0");
  for (std::size_t i = 0, n = 0; i < tcp.size(); ++i) {
    auto where = parse_host_port(tcp[i]);
    if (!where)
      return where.error();
    const unsigned copies = i == 0 && o.tcp_ports > 0 ? o.tcp_ports : 1;
    if (where->second != 0 && where->second + copies - 1 > 65535)
      return invalid("--tcp-ports " + std::to_string(copies) + " from port " + std::to_string(where->second)
                     + " runs past 65535");
    for (unsigned k = 0; k < copies; ++k)
      plan.lines.push_back(cli_line("tcp" + std::to_string(++n), line_kind::tcp, where->first,
                                    where->second == 0 ? 0 : where->second + k));
  }
  return {};
}

/// The command line's own lines: --tcp (times --tcp-ports), --rtu-tcp, --pty.
caf::error add_cli_lines(const options& o, site_plan& plan) {
  if (auto err = add_tcp_lines(o, plan))
    return err;
  const modbus::serial_format format{o.baud, 8, o.parity != "none", o.stop_bits};
  for (std::size_t i = 0; i < o.rtu_tcp.size(); ++i) {
    auto where = parse_host_port(o.rtu_tcp[i]);
    if (!where)
      return where.error();
    plan.lines.push_back(cli_line("rtu-tcp" + std::to_string(i + 1), line_kind::rtu_tcp, where->first,
                                  where->second, format));
  }
  if (o.pty || !o.pty_link.empty()) {
    plan.lines.push_back(cli_line("pty1", line_kind::pty, "", 0, format));
    plan.lines.back().link = o.pty_link;
  }
  return {};
}

caf::expected<site_plan> plan_of(const options& o) {
  site_plan plan;
  if (!o.config.empty()) {
    auto loaded = load_site_file(o.config);
    if (!loaded)
      return loaded.error();
    plan = std::move(*loaded);
  }
  if (auto err = add_cli_lines(o, plan))
    return err;
  if (plan.lines.empty())
    return invalid("no lines: give --tcp, --tcp-ports, --rtu-tcp, --pty or --config");
  std::vector<device_spec> devices;
  for (const auto& text : o.devices) {
    auto d = parse_device_option(text);
    if (!d)
      return d.error();
    devices.push_back(std::move(*d));
  }
  if (auto err = place_devices(plan, devices))
    return err;
  return plan;
}

std::chrono::minutes host_utc_offset() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return std::chrono::minutes{local.tm_gmtoff / 60};
}

/// The model's settings from the options; an empty string when they are fine, else what is wrong.
std::string build_options_of(const options& o, const site_plan& plan, build_options& b) {
  const char* env = std::getenv("METERHUB_PROFILES");
  b.profiles_dir = !o.profiles.empty() ? o.profiles : env && *env ? env : MH_PROFILES_DIR;
  b.seed = plan.seed && o.seed == 1 ? *plan.seed : o.seed;
  const auto start = o.start.empty() ? std::optional<std::int64_t>{sim_clock::wall_now_ms()} : parse_iso8601(o.start);
  const auto offset = o.utc_offset.empty() ? std::optional{host_utc_offset()} : parse_utc_offset(o.utc_offset);
  const auto channel = parse_duration(o.channel_timeout);
  if (!start || !offset || !channel || !(o.speed > 0) || o.profile_days > 60)
    return "--start takes YYYY-MM-DDThh:mm:ssZ, --utc-offset +03:00, --channel-timeout 240s, --speed a number "
           "above 0, --profile-days 0 to 60";
  b.start_ms = *start;
  b.utc_offset = *offset;
  b.channel_timeout = *channel;
  b.step_ms = model_step_for(o.speed);
  b.profile_days = o.profile_days;
  return {};
}

/// An open line: what keeps it open, and where it is, as printed.
struct open_line {
  std::optional<listening_socket> socket;
  std::unique_ptr<transport::byte_stream> pty;
  std::string link;
};

caf::expected<open_line> open_one(const line_spec& spec) {
  open_line out;
  if (spec.kind != line_kind::pty) {
    auto socket = listening_socket::bind(spec.host, spec.port);
    if (!socket)
      return socket.error();
    std::cout << to_string(spec.kind) << ": " << spec.host << ":" << socket->port() << std::endl;
    out.socket = std::move(*socket);
    return out;
  }
  auto pty = transport::open_pty();
  if (!pty)
    return pty.error();
  if (!spec.link.empty()) {
    std::error_code ec;
    if (std::filesystem::is_symlink(spec.link, ec))
      std::filesystem::remove(spec.link, ec);
    std::filesystem::create_symlink(pty->slave_path, spec.link, ec);
    if (ec)
      return make_error(transport::transport_errc::cannot_open, spec.link + ": " + ec.message());
    out.link = spec.link;
  }
  std::cout << "pty: " << pty->slave_path << std::endl;
  out.pty = std::move(pty->master);
  return out;
}

void install_signal_handlers() {
  std::signal(SIGPIPE, SIG_IGN);
  struct sigaction sa{};
  sa.sa_handler = [](int sig) {
    if (sig == SIGUSR1)
      silenced = !silenced;
    else
      stop = true;
  };
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGUSR1})
    sigaction(sig, &sa, nullptr);
}

void log_site(spdlog::logger& log, const site_plan& plan, const built_site& site, const fault_plan& faults) {
  for (std::size_t i = 0; i < plan.lines.size(); ++i)
    log.info("line {}: {}, {} device(s){}", plan.lines[i].name, to_string(plan.lines[i].kind),
             site.lines[i].station.size(),
             site.lines[i].format.baud ? ", paced at " + std::to_string(site.lines[i].format.baud) + " Bd" : "");
  for (const auto& note : site.notes)
    log.warn("{}", note);
  log.info("{} device(s) on {} line(s), faults {}", site.devices, site.lines.size(), faults.describe());
}

/// Opens every line into the loop and prints where each is, one machine-readable line per line, in plan order.
std::string open_lines(const site_plan& plan, event_loop& loop, std::vector<open_line>& open) {
  for (std::size_t i = 0; i < plan.lines.size(); ++i) {
    auto line = open_one(plan.lines[i]);
    if (!line)
      return "line " + plan.lines[i].name + ": " + describe(line.error());
    const auto err = line->socket ? loop.listen(i, std::move(*line->socket))
                                  : loop.attach_pty(i, line->pty->fd(), plan.lines[i].name);
    if (err)
      return "line " + plan.lines[i].name + ": " + describe(err);
    open.push_back(std::move(*line));
  }
  return {};
}

int serve(const options& o, const site_plan& plan, const build_options& b, built_site& site, fault_plan& faults) {
  auto log = logging::get("modbus-sim");
  const auto slow = parse_duration(o.slow_delay);
  if (!slow)
    return usage("--slow-delay takes a duration (2000ms, 2s)");
  const sim_clock clock{b.start_ms, o.speed};
  event_loop loop{site.lines, faults, clock, log, loop_settings{*slow}};
  std::vector<open_line> open;
  if (auto why = open_lines(plan, loop, open); !why.empty())
    return usage(why);
  if (o.control_stdin)
    loop.control_from_stdin([&](std::string_view line) { return run_control_line(faults, line, silenced); });
  log_site(*log, plan, site, faults);
  loop.run(stop, silenced);
  for (const auto& line : open)
    if (!line.link.empty()) {
      std::error_code ec;
      std::filesystem::remove(line.link, ec);
    }
  log->info("stopped");
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"meterhub-modbus-sim: Modbus TCP/RTU devices and Mercury 23x meters driven by device profiles"};
  options o;
  add_line_options(app, o);
  add_model_options(app, o);
  CLI11_PARSE(app, argc, argv);
  if (!logging::init({o.log_level, false}))
    return usage("--log-level " + o.log_level + ": unknown level");
  fault_plan faults;
  for (const auto& f : o.faults)
    if (!faults.set(f))
      return usage("--fault " + f + ": expected [TARGET=]KIND[:PERCENT]");
  auto plan = plan_of(o);
  if (!plan)
    return usage(describe(plan.error()));
  build_options b;
  if (auto why = build_options_of(o, *plan, b); !why.empty())
    return usage(why);
  auto site = build_site(*plan, b);
  if (!site)
    return usage(describe(site.error()));
  install_signal_handlers();
  return serve(o, *plan, b, *site, faults);
}

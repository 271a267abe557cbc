// meterhub-iec61107-sim: Taipit NEVA MT3xx meters (IEC 62056-21 mode C) on TCP, dialling out, or on a pty.
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "line_modes.hpp"
#include "meterhub/logging/logging.hpp"
#include "sim_error.hpp"
#include "sim_setup.hpp"

using namespace meterhub;
using namespace meterhub::iec61107sim;
using namespace std::chrono_literals;

namespace {

std::atomic<bool> stop{false};
fault_control* signalled_faults = nullptr;

struct options {
  setup_options setup;
  std::string listen, connect, greeting, redial = "1s";
  bool pty = false;
  std::string values_file, start, clock, installed = "2020-01-01";
  std::vector<std::string> faults;
  std::string slow_delay = "2500ms", reply_delay = "0ms", session_timeout = "120s";
  bool control_stdin = false;
  std::string log_level = "info";
};

int usage(const std::string& why) {
  std::cerr << "meterhub-iec61107-sim: " << why << "\n";
  return 64;
}

void add_options(CLI::App& app, options& o) {
  app.add_option("--listen", o.listen, "serve TCP clients on [HOST:]PORT (port 0: any; printed as 'tcp: HOST:PORT')");
  app.add_option("--connect", o.connect, "dial a reading service in server mode at HOST:PORT, redial when it drops");
  app.add_option("--greeting", o.greeting, "--connect: send this line (plus CR LF) first, like a modem's CONNECT");
  app.add_option("--redial", o.redial, "--connect: pause before dialling again (250ms, 2s)")->capture_default_str();
  app.add_flag("--pty", o.pty, "create a pty and print its path as 'pty: PATH'");
  app.add_option("--meter", o.setup.meters, "a meter on the line, ADDRESS[:PASSWORD] (repeatable; default 00000001 "
                                            "with password 00000000)");
  app.add_option("--ident", o.setup.ident, "identification without '/' and CR LF")->capture_default_str();
  app.add_option("--values", o.values_file, "register values, one '[ADDRESS@]OBIS VALUE' per line, '#' comments");
  app.add_option("-o,--override", o.setup.overrides, "[ADDRESS@]OBIS:VALUE, OBIS like 1F.07.00*FF or "
                                                     "0F.80.80*[00..7F] (repeatable; after --values)");
  app.add_option("--seed", o.setup.seed, "random seed: load, noise, serial numbers, faults")->capture_default_str();
  app.add_option("--start", o.start, "meter clock at start, YYYY-MM-DDThh:mm:ss local (default: the host's)");
  app.add_option("--installed", o.installed, "day the counters started, YYYY-MM-DD")->capture_default_str();
  app.add_flag("--optical", o.setup.optical, "optical head: log the option select's baud switch");
  app.add_option("--fault", o.faults, "silence|bad-bcc|slow|drop[:PERCENT] (repeatable; no percent = 100)");
  app.add_option("--slow-delay", o.slow_delay, "delay of the slow fault")->capture_default_str();
  app.add_option("--reply-delay", o.reply_delay, "delay before every reply")->capture_default_str();
  app.add_option("--session-timeout", o.session_timeout, "idle time that ends a session")->capture_default_str();
  app.add_flag("--control-stdin", o.control_stdin, "read control lines on stdin: 'fault KIND[:P]', 'clear', 'faults'");
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error, off")->capture_default_str();
  app.add_option("--clock", o.clock, "tests: a frozen meter clock, YYYY-MM-DDThh:mm:ss")->group("");
}

/// Turns the text options into the model's, or says which one is wrong.
std::string finish_options(options& o, fault_plan& plan) {
  for (const auto& f : o.faults)
    if (!plan.set(f))
      return "--fault " + f + ": silence|bad-bcc|slow|drop[:PERCENT]";
  const auto installed = parse_local_date(o.installed);
  const auto timeout = parse_duration(o.session_timeout);
  if (!installed || !timeout)
    return "--installed takes YYYY-MM-DD, --session-timeout a duration (120s)";
  o.setup.installed_day = *installed;
  o.setup.session_timeout = std::max<local_seconds>(1, timeout->count() / 1000);
  if (!o.values_file.empty()) {
    std::ifstream in{o.values_file};
    if (!in)
      return "--values " + o.values_file + ": cannot read";
    std::stringstream text;
    text << in.rdbuf();
    o.setup.values_text = text.str();
  }
  if (o.listen.empty() && o.connect.empty() && !o.pty)
    return "choose at least one of --listen, --connect, --pty";
  return {};
}

std::optional<std::pair<std::string, std::uint16_t>> host_port(const std::string& text, const std::string& host) {
  const auto colon = text.rfind(':');
  const std::string port_text = colon == std::string::npos ? text : text.substr(colon + 1);
  std::uint16_t port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size())
    return std::nullopt;
  return std::pair{colon == std::string::npos ? host : text.substr(0, colon), port};
}

/// Control lines from stdin until stop or end of input; answers go to stdout.
void read_control_lines(fault_control& faults) {
  std::string pending;
  while (!stop) {
    pollfd pfd{STDIN_FILENO, POLLIN, 0};
    if (poll(&pfd, 1, 200) <= 0)
      continue;
    char buffer[256];
    const auto n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0)
      return;
    pending.append(buffer, static_cast<std::size_t>(n));
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
      std::cout << faults.run(pending.substr(0, nl)) << std::endl;
      pending.erase(0, nl + 1);
    }
  }
}

/// The lines the options asked for, open.
struct lines {
  std::unique_ptr<tcp_server> server;
  std::unique_ptr<transport::byte_stream> pty_master;
  std::optional<dial_settings> dial;
};

/// Opens the lines and prints where each is, one machine-readable line per line; returns what went wrong.
std::string open_lines(const options& o, lines& out) {
  if (!o.listen.empty()) {
    const auto where = host_port(o.listen, "0.0.0.0");
    if (!where)
      return "--listen " + o.listen + ": takes [HOST:]PORT";
    auto bound = tcp_server::bind(where->first, where->second);
    if (!bound)
      return "--listen " + o.listen + ": " + describe(bound.error());
    out.server = std::move(*bound);
    std::cout << "tcp: " << where->first << ":" << out.server->port() << std::endl;
  }
  if (o.pty) {
    auto pty = transport::open_pty();
    if (!pty)
      return "--pty: " + describe(pty.error());
    out.pty_master = std::move(pty->master);
    std::cout << "pty: " << pty->slave_path << std::endl;
  }
  if (!o.connect.empty()) {
    const auto where = host_port(o.connect, "");
    const auto redial = parse_duration(o.redial);
    if (!where || where->first.empty() || !redial)
      return "--connect " + o.connect + " --redial " + o.redial + ": take HOST:PORT and a duration (1s)";
    out.dial = dial_settings{where->first, where->second, o.greeting, *redial};
    std::cout << "dial: " << where->first << ":" << where->second << std::endl;
  }
  return {};
}

/// Serves every open line on its own thread until SIGINT or SIGTERM.
void serve(lines& open, line_context& ctx, bool control_stdin) {
  std::vector<std::thread> threads;
  if (open.server)
    threads.emplace_back([&] { open.server->run(ctx); });
  if (open.pty_master)
    threads.emplace_back([&] { run_pty(*open.pty_master, ctx); });
  if (open.dial)
    threads.emplace_back([&] { run_dialer(*open.dial, ctx); });
  if (control_stdin)
    threads.emplace_back([&] { read_control_lines(ctx.faults); });
  while (!stop)
    std::this_thread::sleep_for(100ms);
  for (auto& t : threads)
    t.join();
}

/// The meter clock of --clock (frozen) or --start (running); nullopt start = the host's clock.
std::optional<sim_clock> clock_of(const options& o) {
  if (o.clock.empty() && o.start.empty())
    return sim_clock{std::nullopt, false};
  const auto start = parse_local_time(o.clock.empty() ? o.start : o.clock);
  if (!start)
    return std::nullopt;
  return sim_clock{start, !o.clock.empty()};
}

void install_signal_handlers(fault_control& faults) {
  signalled_faults = &faults;
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, [](int) { stop = true; });
  std::signal(SIGTERM, [](int) { stop = true; });
  std::signal(SIGUSR1, [](int) { signalled_faults->toggle_silence(); });
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"meterhub-iec61107-sim: Taipit NEVA MT3xx meters (IEC 62056-21 mode C) for tests and commissioning"};
  options o;
  add_options(app, o);
  CLI11_PARSE(app, argc, argv);
  fault_plan plan;
  if (auto why = finish_options(o, plan); !why.empty())
    return usage(why);
  if (!logging::init({o.log_level, false}))
    return usage("--log-level " + o.log_level + ": unknown level");
  const auto slow = parse_duration(o.slow_delay), reply = parse_duration(o.reply_delay);
  const auto clock = clock_of(o);
  if (!slow || !reply || !clock)
    return usage("--slow-delay/--reply-delay take 250ms, 2s; --start/--clock YYYY-MM-DDThh:mm:ss");
  auto model = build_model(o.setup);
  if (!model)
    return usage(reason_of(model.error()));
  lines open;
  if (auto why = open_lines(o, open); !why.empty())
    return usage(why);
  std::mutex model_mutex;
  fault_control faults{plan};
  line_context ctx{*model, model_mutex, faults, *clock, stop, logging::get("iec61107-sim"), *reply, *slow,
                   o.setup.seed};
  install_signal_handlers(faults);
  ctx.log->info("{} meter(s), ident /{}, faults {}{}", model->meters().size(), o.setup.ident, plan.describe(),
                o.setup.optical ? ", optical head: sessions start at 300 Bd" : "");
  serve(open, ctx, o.control_stdin);
  return 0;
}

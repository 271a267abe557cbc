// meterhub-p1-sim: a P1 smart meter on a pty, a TCP port or a serial port, with realistic values and faults.
#include <atomic>
#include <charconv>
#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "faults.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/dsmr/framer.hpp"
#include "meterhub/dsmr/smarty.hpp"
#include "outputs.hpp"
#include "telegram_generator.hpp"

using namespace meterhub;
using namespace meterhub::p1sim;

namespace {

std::atomic<bool> stop{false};
std::atomic<bool> silenced{false};

std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

struct options {
  std::string profile = "dsmr5";
  bool pty = false;
  std::string tcp_listen, serial, serial_format = "115200 8N1";
  std::string interval = "1s", clock_step, start;
  long count = 0;
  std::uint64_t seed = 1;
  std::string equipment_id = "E0043007123456719";
  std::vector<std::string> faults;
  std::string record;
  std::string encrypt_key, auth_key, system_title = "SAG00001";
  bool no_aad = false;
};

std::optional<std::int64_t> duration_ms(const std::string& text) {
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  std::string_view unit{p, static_cast<std::size_t>(text.data() + text.size() - p)};
  if (ec != std::errc{} || n < 0)
    return std::nullopt;
  if (unit == "ms")
    return n;
  if (unit == "s" || unit.empty())
    return n * 1000;
  if (unit == "m")
    return n * 60'000;
  return std::nullopt;
}

/// Sleeps `ms`, or less when SIGINT or SIGTERM asks to stop: a long --interval or silence must not hold up a stop.
void sleep_unless_stopped(std::int64_t ms) {
  using clock = std::chrono::steady_clock;
  const auto until = clock::now() + std::chrono::milliseconds(ms);
  for (auto now = clock::now(); !stop && now < until; now = clock::now())
    std::this_thread::sleep_for(std::min<clock::duration>(until - now, std::chrono::milliseconds(50)));
}

int usage(const std::string& why) {
  std::cerr << "meterhub-p1-sim: " << why << "\n";
  return 64;
}

/// Encrypts when a key is configured, for Luxembourg Smarty style ports.
std::string maybe_encrypt(const options& o, const std::string& telegram, std::uint32_t counter) {
  if (o.encrypt_key.empty())
    return telegram;
  dsmr::smarty_keys keys{*dsmr::parse_aes_key(o.encrypt_key), dsmr::smarty_default_auth_key};
  if (o.no_aad)
    keys.auth_key = std::nullopt;
  else if (!o.auth_key.empty())
    keys.auth_key = *dsmr::parse_aes_key(o.auth_key);
  return dsmr::encrypt_smarty(telegram, keys, o.system_title, counter);
}

int serve(const options& o, outputs& out, std::ofstream* record) {
  fault_plan plan;
  for (const auto& f : o.faults)
    if (!plan.add(f))
      return usage("bad --fault '" + f + "' (bad-crc:P, truncate:P, garbage:P, silence:SECONDS@AFTER_N)");
  const auto interval = duration_ms(o.interval);
  const auto step = o.clock_step.empty() ? interval : duration_ms(o.clock_step);
  const auto start = o.start.empty() ? std::optional<std::int64_t>{wall_ms()} : parse_iso8601(o.start);
  if (!interval || !step || !start)
    return usage("--interval/--clock-step take 250ms, 1s, 1m; --start takes ISO-8601");
  telegram_generator gen{o.profile == "t211" ? profile::t211 : profile::dsmr5, o.seed, *start, o.equipment_id};
  std::mt19937_64 rng{o.seed ^ 0x9E3779B97F4A7C15ull};
  auto meter_time = *start;
  for (long seq = 1; !stop && (o.count == 0 || seq <= o.count); ++seq) {
    if (plan.silence_after >= 0 && seq == plan.silence_after + 1)
      sleep_unless_stopped(std::int64_t{plan.silence_seconds} * 1000);
    if (stop)
      break;
    auto frame = apply_faults(plan, dsmr::finish_telegram(gen.next_body(meter_time)), rng);
    if (!silenced) {
      const int delivered = out.send(maybe_encrypt(o, frame.bytes, static_cast<std::uint32_t>(seq)));
      if (record && delivered > 0) // only what reached a reader: tests compare it with what was stored
        *record << nlohmann::json{{"seq", seq}, {"valid", frame.valid}, {"fault", frame.fault},
                                  {"telegram", frame.bytes}}
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) // junk bytes are not UTF-8
                << std::endl;
    }
    meter_time += *step;
    sleep_unless_stopped(*interval);
  }
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"meterhub-p1-sim: a P1 smart meter for demos, tests and commissioning"};
  options o;
  app.add_option("--profile", o.profile, "dsmr5 (NL, three phases + gas) or t211 (Nordic HAN)")
    ->check(CLI::IsMember({"dsmr5", "t211"}))->capture_default_str();
  app.add_flag("--pty", o.pty, "create a pty and print its path as 'pty: PATH'");
  app.add_option("--tcp-listen", o.tcp_listen, "serve every client of HOST:PORT (port 0: any, printed as 'tcp: HOST:PORT')");
  app.add_option("--serial", o.serial, "write to an existing serial port");
  app.add_option("--serial-format", o.serial_format, "line settings for --serial")->capture_default_str();
  app.add_option("--interval", o.interval, "time between telegrams (250ms, 1s, 10s)")->capture_default_str();
  app.add_option("--clock-step", o.clock_step, "meter clock advance per telegram (default: the interval)");
  app.add_option("--start", o.start, "meter clock at the first telegram, ISO-8601 (default: now)");
  app.add_option("--count", o.count, "stop after this many telegrams (0 = run until stopped)");
  app.add_option("--seed", o.seed, "random seed: the same seed gives the same telegrams")->capture_default_str();
  app.add_option("--equipment-id", o.equipment_id, "the meter's equipment id")->capture_default_str();
  app.add_option("--fault", o.faults, "bad-crc:P, truncate:P, garbage:P, silence:SECONDS@AFTER_N (repeatable)");
  app.add_option("--record", o.record, "append one JSON line per telegram sent to FILE");
  app.add_option("--encrypt-key", o.encrypt_key, "encrypt like Luxembourg Smarty with this 32-hex-digit key");
  app.add_option("--auth-key", o.auth_key, "authentication key (default: Smarty's)");
  app.add_flag("--no-aad", o.no_aad, "encrypt without additional authenticated data");
  app.add_option("--system-title", o.system_title, "8-character system title of the envelope")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (!o.pty && o.tcp_listen.empty() && o.serial.empty())
    return usage("choose at least one output: --pty, --tcp-listen or --serial");
  if (!o.encrypt_key.empty() && !dsmr::parse_aes_key(o.encrypt_key))
    return usage("--encrypt-key takes 32 hex digits");
  if (!o.auth_key.empty() && !dsmr::parse_aes_key(o.auth_key))
    return usage("--auth-key takes 32 hex digits");
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, [](int) { stop = true; });
  std::signal(SIGTERM, [](int) { stop = true; });
  std::signal(SIGUSR1, [](int) { silenced = !silenced; });
  outputs out;
  if (o.pty) {
    auto path = out.add_pty();
    if (!path)
      return usage(describe(path.error()));
    std::cout << "pty: " << *path << std::endl;
  }
  if (!o.tcp_listen.empty()) {
    auto colon = o.tcp_listen.rfind(':');
    if (colon == std::string::npos)
      return usage("--tcp-listen takes HOST:PORT");
    std::uint16_t port = 0;
    std::from_chars(o.tcp_listen.data() + colon + 1, o.tcp_listen.data() + o.tcp_listen.size(), port);
    auto bound = out.add_tcp(o.tcp_listen.substr(0, colon), port);
    if (!bound)
      return usage(describe(bound.error()));
    std::cout << "tcp: " << o.tcp_listen.substr(0, colon) << ":" << *bound << std::endl;
  }
  if (!o.serial.empty()) {
    auto settings = transport::serial_settings::parse(o.serial_format);
    if (!settings)
      return usage("bad --serial-format '" + o.serial_format + "'");
    if (auto err = out.add_serial(o.serial, *settings))
      return usage(describe(err));
  }
  std::ofstream record;
  if (!o.record.empty())
    record.open(o.record, std::ios::app);
  return serve(o, out, o.record.empty() ? nullptr : &record);
}

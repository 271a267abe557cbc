// meterhub-echonet-sim: a ROHM BP35A1 / BP35C2 Wi-SUN module with a Route-B smart meter behind it, on a pty.
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "meterhub/core/time.hpp"
#include "meterhub/transport/transport.hpp"
#include "module.hpp"

using namespace meterhub;
using namespace meterhub::echonet_sim;

namespace {

std::atomic<bool> stop{false};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

/// "90m", "-3h", "2s", "500ms" → milliseconds.
std::optional<std::int64_t> duration_ms(std::string text) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative)
    text.erase(0, 1);
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (...) {
    return std::nullopt;
  }
  const auto unit = text.substr(used);
  double scale = 0;
  if (unit == "ms")
    scale = 1;
  else if (unit == "s")
    scale = 1000;
  else if (unit == "m")
    scale = 60'000;
  else if (unit == "h")
    scale = 3'600'000;
  else if (unit == "d")
    scale = 86'400'000;
  else
    return std::nullopt;
  return static_cast<std::int64_t>((negative ? -value : value) * scale);
}

int usage(const std::string& why) {
  std::cerr << "meterhub-echonet-sim: " << why << "\n";
  return 64;
}

std::optional<std::pair<unsigned, bool>> fault_of(const std::string& text) {
  const auto colon = text.find(':');
  const auto kind = text.substr(0, colon);
  unsigned percent = 100;
  if (colon != std::string::npos) {
    try {
      percent = static_cast<unsigned>(std::stoul(text.substr(colon + 1)));
    } catch (...) {
      return std::nullopt;
    }
  }
  if (percent > 100 || (kind != "silence" && kind != "garble"))
    return std::nullopt;
  return std::pair{percent, kind == "silence"};
}

/// One control line from stdin; the answer to print.
std::string control(const std::string& line, module& mod, meter& m, unsigned& silence, unsigned& garble) {
  const auto now = now_ms();
  std::istringstream in(line);
  std::string verb, arg;
  in >> verb >> arg;
  if (verb == "status")
    return mod.status();
  if (verb == "reauth") {
    mod.start_reauth(now);
    return "ok reauth";
  }
  if (verb == "txlimit" && (arg == "on" || arg == "off")) {
    mod.set_txlimit(arg == "on", now);
    return "ok txlimit " + arg;
  }
  if (verb == "lose-session") {
    mod.lose_session(now);
    return "ok lose-session";
  }
  if (verb == "advance") {
    auto d = duration_ms(arg);
    if (!d || *d <= 0)
      return "error: advance takes a positive duration such as 90m";
    m.jump(*d, now);
    return "ok advance " + format_iso8601(m.clock_ms());
  }
  if (verb == "fault") {
    auto f = fault_of(arg);
    if (!f)
      return "error: fault takes silence|garble[:PERCENT]";
    (f->second ? silence : garble) = f->first;
    mod.set_faults(silence, garble);
    return "ok fault " + arg;
  }
  if (verb == "clear") {
    silence = garble = 0;
    mod.set_faults(0, 0);
    return "ok clear";
  }
  return "error: status | reauth | txlimit on|off | lose-session | advance DURATION | fault KIND[:P] | clear";
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"meterhub-echonet-sim: a BP35A1 / BP35C2 Wi-SUN module with a Route-B smart meter behind it"};
  module_options mo;
  meter_options meter_opt;
  std::string model = "bp35a1", wopt = "01", mac, meter_mac, clock_offset = "0s", start, reply_delay = "50ms";
  std::string reauth_every = "0s", reauth_time = "2s", txlimit_every = "0s", txlimit_for = "10s";
  std::vector<std::string> faults;
  bool control_stdin = false, no_ropt = false, no_meter = false, no_history2 = false;
  unsigned channel = 0x21, pan = 0x8888, lqi = 0xE0;
  bool pty_flag = true;
  app.add_flag("--pty", pty_flag, "create a pty and print its path as 'pty: PATH' (the only transport; accepted for "
                        "symmetry with the other simulators)");
  app.add_option("--model", model, "bp35a1 or bp35c2")->check(CLI::IsMember({"bp35a1", "bp35c2"}))
    ->capture_default_str();
  app.add_option("--meter-mac", meter_mac, "the meter's MAC, 16 hex digits (default 001D129012345678)");
  app.add_option("--mac", mac, "the module's MAC, 16 hex digits (default 001D129012340001)");
  app.add_option("--channel", channel, "the meter's channel register S2, 33-60 (0x21-0x3C)")
    ->check(CLI::Range(0x21, 0x3C))->capture_default_str();
  app.add_option("--pan", pan, "the meter's PAN id")->check(CLI::Range(0, 0xFFFF))->capture_default_str();
  app.add_option("--lqi", lqi, "link quality of the meter's frames, 0-255")->check(CLI::Range(0, 255))
    ->capture_default_str();
  app.add_option("--rbid", mo.route_b_id, "the Route-B ID the meter accepts")->capture_default_str();
  app.add_option("--password", mo.password, "the Route-B password the meter accepts")->capture_default_str();
  app.add_option("--wopt", wopt, "ERXUDP data format in flash at start: 01 hex, 00 binary")
    ->check(CLI::IsMember({"00", "01"}))->capture_default_str();
  app.add_flag("--no-ropt", no_ropt, "old firmware: ROPT/WOPT answer FAIL ER04, ERXUDP is hex");
  app.add_flag("--no-meter", no_meter, "no meter in reach: scans hear nothing, joins fail");
  app.add_flag("--no-coefficient", [&](std::int64_t) { meter_opt.coefficient = false; }, "refuse D3 (Get_SNA)");
  app.add_flag("--single-phase-two-wire", meter_opt.two_wire, "T-phase current 0x7FFE");
  app.add_flag("--no-history2", no_history2, "the meter has no EC / ED (history 1 only)");
  app.add_option("--start-energy", meter_opt.start_import, "E0 raw count at start (0.1 kWh)")->capture_default_str();
  app.add_option("--digits", meter_opt.digits, "D7, the registers wrap at 10^digits")->check(CLI::Range(1, 8))
    ->capture_default_str();
  app.add_option("--seed", meter_opt.seed, "load noise and fault rolls")->capture_default_str();
  app.add_option("--clock-offset", clock_offset, "meter clock minus host clock (-3h, 90m)")->capture_default_str();
  app.add_option("--start", start, "the meter clock at start, YYYY-MM-DDThh:mm:ss Japan time (sets the offset)");
  app.add_option("--reply-delay", reply_delay, "the meter's answer after SKSENDTO")->capture_default_str();
  app.add_option("--reauth-every", reauth_every, "PANA re-authentication period (EVENT 29 … 25); 0s = never")
    ->capture_default_str();
  app.add_option("--reauth-time", reauth_time, "how long a re-authentication blocks sending")->capture_default_str();
  app.add_option("--txlimit-every", txlimit_every, "transmit-time limit period (EVENT 32 … 33); 0s = never")
    ->capture_default_str();
  app.add_option("--txlimit-for", txlimit_for, "how long the limit lasts")->capture_default_str();
  app.add_option("--scan-speed", mo.scan_speed, "scans run this many times faster than the radio")
    ->check(CLI::Range(0.01, 100000.0))->capture_default_str();
  app.add_option("--scan-min-duration", mo.scan_min_duration, "the beacon is heard from this SKSCAN duration on")
    ->check(CLI::Range(0, 14))->capture_default_str();
  app.add_option("--fault", faults, "silence|garble[:PERCENT] (repeatable; no percent = 100)");
  app.add_flag("--control-stdin", control_stdin, "read control lines on stdin (status, reauth, txlimit on|off, "
                                                 "lose-session, advance DURATION, fault KIND[:P], clear)");
  CLI11_PARSE(app, argc, argv);

  mo.model = model == "bp35c2" ? skstack::module_model::bp35c2 : skstack::module_model::bp35a1;
  mo.wopt = wopt == "01" ? skstack::data_format::hex : skstack::data_format::binary;
  mo.ropt = !no_ropt;
  mo.meter_in_reach = !no_meter;
  mo.channel = static_cast<std::uint8_t>(channel);
  mo.pan_id = static_cast<std::uint16_t>(pan);
  mo.lqi = static_cast<std::uint8_t>(lqi);
  meter_opt.history2 = !no_history2;
  for (auto [text, target] : {std::pair{&mac, &mo.module_mac}, std::pair{&meter_mac, &mo.meter_mac}})
    if (!text->empty()) {
      if (text->size() != 16)
        return usage("--mac and --meter-mac take 16 hex digits");
      *target = std::stoull(*text, nullptr, 16);
    }
  if (mo.route_b_id.size() != 32)
    return usage("--rbid: a Route-B ID has 32 characters");
  if (mo.password.empty() || mo.password.size() > 32)
    return usage("--password: 1 to 32 characters");
  unsigned silence = 0, garble = 0;
  for (const auto& f : faults) {
    auto parsed = fault_of(f);
    if (!parsed)
      return usage("--fault " + f + ": silence|garble[:PERCENT]");
    (parsed->second ? silence : garble) = parsed->first;
  }
  mo.silence_percent = silence;
  mo.garble_percent = garble;
  const std::pair<std::string*, std::int64_t*> durations[] = {
    {&clock_offset, &meter_opt.clock_offset_ms}, {&reply_delay, &mo.reply_delay_ms},
    {&reauth_every, &mo.reauth_every_ms},        {&reauth_time, &mo.reauth_ms},
    {&txlimit_every, &mo.txlimit_every_ms},      {&txlimit_for, &mo.txlimit_ms}};
  for (auto [text, target] : durations) {
    auto d = duration_ms(*text);
    if (!d)
      return usage("\"" + *text + "\" is not a duration such as 500ms, 2s, 90m, -3h");
    *target = *d;
  }
  const auto host_start = now_ms();
  if (!start.empty()) {
    auto t = parse_iso8601(start + "+09:00");
    if (!t)
      return usage("--start takes YYYY-MM-DDThh:mm:ss (Japan time)");
    meter_opt.clock_offset_ms = *t - host_start;
  }

  auto pty = transport::open_pty();
  if (!pty)
    return usage("cannot create a pty: " + describe(pty.error()));
  meter m{meter_opt, host_start};
  module mod{mo, m, meter_opt.seed};
  std::cout << "pty: " << pty->slave_path << std::endl;
  std::signal(SIGINT, [](int) { stop = true; });
  std::signal(SIGTERM, [](int) { stop = true; });
  std::signal(SIGPIPE, SIG_IGN);

  const int fd = pty->master->fd();
  std::string control_line;
  while (!stop) {
    const auto now = now_ms();
    mod.tick(now);
    for (auto& bytes : mod.due(now))
      (void)::write(fd, bytes.data(), bytes.size()); // one write per line, as the module does
    int wait = 100;
    if (auto next = mod.next_due())
      wait = static_cast<int>(std::clamp<std::int64_t>(*next - now_ms(), 0, 100));
    pollfd fds[2] = {{fd, POLLIN, 0}, {0, POLLIN, 0}};
    const int n = ::poll(fds, control_stdin ? 2 : 1, wait);
    if (n <= 0)
      continue;
    if (fds[0].revents & POLLIN) {
      char buf[4096];
      const auto got = ::read(fd, buf, sizeof buf);
      if (got > 0)
        mod.feed({buf, static_cast<std::size_t>(got)}, now_ms());
    }
    if (control_stdin && (fds[1].revents & (POLLIN | POLLHUP))) {
      char c = 0;
      if (::read(0, &c, 1) <= 0) {
        control_stdin = false; // stdin closed: go on without it
        continue;
      }
      if (c == '\n') {
        std::cout << control(control_line, mod, m, silence, garble) << std::endl;
        control_line.clear();
      } else {
        control_line += c;
      }
    }
  }
  return 0;
}

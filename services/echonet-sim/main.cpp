// meterhub-echonet-sim: a ROHM BP35A1 / BP35C2 Wi-SUN module with a Japanese low-voltage smart meter behind it, on
// a pty, for the Route-B reading service, its integration tests and existing clients such as nbtk/momonga.
#include <atomic>
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "event_loop.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/core/time.hpp"
#include "sim_settings.hpp"
#include "sim_time.hpp"

using namespace meterhub;
using namespace meterhub::echonet_sim;

namespace {

std::atomic<bool> stop{false};

void add_options(CLI::App& app, option_text& o) {
  app.add_flag("--pty", o.pty, "serve on a pty the program creates (always on; printed as 'pty: PATH')");
  app.add_option("--model", o.model, "bp35a1 or bp35c2")->capture_default_str();
  app.add_option("--mac", o.mac, "the meter's 64-bit MAC, 16 hex digits")->capture_default_str();
  app.add_option("--module-mac", o.module_mac, "the module's own MAC (SKINFO)")->capture_default_str();
  app.add_option("--channel", o.channel, "the meter's channel, hex 21…3C")->capture_default_str();
  app.add_option("--pan", o.pan, "the meter's PAN id, hex")->capture_default_str();
  app.add_option("--lqi", o.lqi, "LQI of the meter's frames, hex")->capture_default_str();
  app.add_option("--pair-id", o.pair_id, "the beacon's PairID, 8 hex digits")->capture_default_str();
  app.add_option("--rbid", o.rbid, "the Route-B id the meter accepts (32 characters)")->capture_default_str();
  app.add_option("--password", o.password, "the Route-B password the meter accepts")->capture_default_str();
  app.add_option("--wopt", o.wopt, "ERXUDP data format at start: 01 hex, 00 binary")->capture_default_str();
  app.add_flag("--no-ropt", o.no_ropt, "old firmware: ROPT/WOPT answer FAIL ER04, ERXUDP always hex");
  app.add_option("--seed", o.seed, "seed of the load noise, serial number and fault rolls")->capture_default_str();
  app.add_option("--clock-offset", o.clock_offset, "meter clock minus host clock, signed duration (-3h)")
    ->capture_default_str();
  app.add_option("--start", o.start, "meter clock at start, YYYY-MM-DDThh:mm:ss Japan time");
  app.add_option("--reauth-every", o.reauth_every, "re-authenticate this long after each join (0: never)")
    ->capture_default_str();
  app.add_option("--reauth-time", o.reauth_time, "EVENT 29 to EVENT 25")->capture_default_str();
  app.add_option("--txlimit-every", o.txlimit_every, "transmit-time limit (EVENT 32) every (0: never)")
    ->capture_default_str();
  app.add_option("--txlimit-for", o.txlimit_for, "EVENT 32 to EVENT 33")->capture_default_str();
  app.add_option("--scan-speed", o.scan_speed, "divides the scan time 0.01 s x (2^D+1) per channel")
    ->capture_default_str();
  app.add_option("--scan-min-duration", o.scan_min_duration, "the meter is heard from this SKSCAN duration on")
    ->capture_default_str();
  app.add_flag("--no-meter", o.no_meter, "no meter in reach: scans hear nothing, joins fail");
  app.add_option("--reply-delay", o.reply_delay, "the meter's answer time after SKSENDTO")->capture_default_str();
  app.add_option("--fault", o.faults, "silence|garble|drop-session|fail-send[:PERCENT] (repeatable)");
  app.add_flag("--control-stdin", o.control_stdin, "read control lines on stdin, answer each on stdout");
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error, off")->capture_default_str();
  app.add_flag("--export", o.solar, "solar roof: some daytime hours export (E7 negative, E3 grows)");
  app.add_option("--start-energy", o.start_energy, "E0 at start, raw counts")->capture_default_str();
  app.add_option("--start-export", o.start_export, "E3 at start, raw counts")->capture_default_str();
  app.add_option("--unit", o.unit, "E1 unit code, hex (01 = 0.1 kWh)")->capture_default_str();
  app.add_option("--coefficient", o.coefficient, "D3 coefficient")->capture_default_str();
  app.add_flag("--no-coefficient", o.no_coefficient, "D3 refused (Get_SNA), as on many real meters");
  app.add_option("--digits", o.digits, "D7 effective digits; the registers wrap at 10^digits")
    ->capture_default_str();
  app.add_flag("--single-phase-two-wire", o.two_wire, "E8 carries 0x7FFE in the T phase");
}

int usage(const std::string& why) {
  std::cerr << "meterhub-echonet-sim: " << why << "\n";
  return 64;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"meterhub-echonet-sim: a BP35A1/BP35C2 Wi-SUN module and a Route-B smart meter on a pty"};
  option_text o;
  add_options(app, o);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage(e.what());
  }
  if (!logging::init({o.log_level, false}))
    return usage("--log-level " + o.log_level + ": unknown level (trace, debug, info, warn, error, off)");
  const auto now = host_now_ms();
  const auto checked = finish_options(o, now);
  if (!checked.settings)
    return usage(checked.error);
  const auto& settings = checked.settings;
  auto pty = transport::open_pty();
  if (!pty)
    return usage("--pty: " + describe(pty.error()));
  meter the_meter{settings->meter, now};
  module the_module{settings->module, the_meter, now};
  for (const auto& f : o.faults)
    the_module.faults().set(f); // checked by finish_options
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, [](int) { stop = true; });
  std::signal(SIGTERM, [](int) { stop = true; });
  auto log = logging::get("echonet-sim");
  log->info("{} on {}, meter {} channel {:02X} PAN {:04X}, meter clock {} JST, E0 {}, faults {}",
            o.model == "bp35c2" ? "BP35C2" : "BP35A1", pty->slave_path, the_module.meter_address(),
            settings->module.channel, settings->module.pan_id, format_jst(the_meter.clock_ms()),
            the_meter.import_raw(), the_module.faults().describe());
  std::cout << "pty: " << pty->slave_path << std::endl;
  event_loop loop{*pty->master, the_module, the_meter, log};
  loop.run(stop, o.control_stdin);
  log->info("stopping");
  return 0;
}

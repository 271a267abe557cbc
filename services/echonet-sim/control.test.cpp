#include "control.hpp"

#include <catch2/catch.hpp>

#include "sim_settings.hpp"
#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::echonet_sim;
using namespace meterhub::echonet_sim::test;

TEST_CASE("control lines answer one line each") {
  rig r;
  CHECK(run_control_line(r.the_module, r.the_meter, "reauth", r.now) == "error no session to re-authenticate");
  CHECK(run_control_line(r.the_module, r.the_meter, "lose-session", r.now) == "error no session to lose");
  r.join();
  CHECK(run_control_line(r.the_module, r.the_meter, "reauth", r.now) == "ok reauth");
  r.wait(3000);
  CHECK(run_control_line(r.the_module, r.the_meter, "txlimit on", r.now) == "ok txlimit on");
  CHECK(run_control_line(r.the_module, r.the_meter, "txlimit off", r.now) == "ok txlimit off");
  CHECK(run_control_line(r.the_module, r.the_meter, "txlimit maybe", r.now).starts_with("error "));
  CHECK(run_control_line(r.the_module, r.the_meter, "fault silence:20", r.now) == "ok faults silence:20");
  CHECK(run_control_line(r.the_module, r.the_meter, "fault fail-send", r.now)
        == "ok faults silence:20 fail-send:100");
  CHECK(run_control_line(r.the_module, r.the_meter, "fault smoke", r.now).starts_with("error "));
  CHECK(run_control_line(r.the_module, r.the_meter, "clear", r.now) == "ok faults none");
  CHECK(run_control_line(r.the_module, r.the_meter, "lose-session 28", r.now) == "ok lose-session");
  CHECK(run_control_line(r.the_module, r.the_meter, "dance", r.now) == "error unknown control line: dance");
}

TEST_CASE("advance moves the meter clock and names it in UTC and Japan time") {
  rig r;
  CHECK(run_control_line(r.the_module, r.the_meter, "advance 90m", r.now)
        == "ok advance 2024-04-14T04:30:05Z jst=2024-04-14T13:30:05");
  CHECK(run_control_line(r.the_module, r.the_meter, "advance -1h", r.now).starts_with("error "));
  CHECK(run_control_line(r.the_module, r.the_meter, "advance", r.now).starts_with("error "));
}

TEST_CASE("the status line has the clock, the energy, the session and the counts") {
  rig r;
  r.join();
  ask(r, echonet::make_get(1, std::vector<std::uint8_t>{0xE7}));
  const auto status = run_control_line(r.the_module, r.the_meter, "status", r.now);
  CHECK(status.starts_with("status clock=2024-04-14T03:00:"));
  CHECK(status.find(" jst=2024-04-14T12:00:") != std::string::npos);
  CHECK(status.find(" import=123456 export=2345 power=") != std::string::npos);
  CHECK(status.find(" session=joined txlimit=off wopt=01 ") != std::string::npos);
  CHECK(status.find(" requests=1 served=1 unanswered=0 failed-sends=0 ") != std::string::npos);
  CHECK(status.ends_with(" joins=1 faults=none"));
}

TEST_CASE("options are checked and name the option and the reason") {
  const auto now = t0;
  option_text o;
  CHECK(finish_options(o, now).settings);
  const auto error_of = [&](auto change) {
    option_text bad;
    change(bad);
    return finish_options(bad, now).error;
  };
  CHECK(error_of([](option_text& x) { x.model = "bp35x"; }) == "--model bp35x: takes bp35a1 or bp35c2");
  CHECK(error_of([](option_text& x) { x.mac = "12"; }).starts_with("--mac 12: "));
  CHECK(error_of([](option_text& x) { x.channel = "40"; }).starts_with("--channel 40: "));
  CHECK(error_of([](option_text& x) { x.rbid = "short"; }).starts_with("--rbid short: "));
  CHECK(error_of([](option_text& x) { x.wopt = "02"; }).starts_with("--wopt 02: "));
  CHECK(error_of([](option_text& x) { x.reply_delay = "soon"; }).starts_with("--reply-delay soon: "));
  CHECK(error_of([](option_text& x) { x.faults = {"boom"}; }).starts_with("--fault boom: "));
  CHECK(error_of([](option_text& x) { x.start = "2024-04-14"; }).starts_with("--start 2024-04-14: "));
  CHECK(error_of([](option_text& x) { x.unit = "05"; }).starts_with("--unit 05: "));
  CHECK(error_of([](option_text& x) { x.start_energy = 1'000'000; }).starts_with("--start-energy 1000000: "));
  option_text start;
  start.start = "2024-04-14T23:50:00";
  const auto s = finish_options(start, now);
  REQUIRE(s.settings);
  CHECK(s.settings->meter.clock_offset_ms == unix_ms_from_utc(2024, 4, 14, 14, 50, 0) - now);
  option_text offset;
  offset.clock_offset = "-3h";
  CHECK(finish_options(offset, now).settings->meter.clock_offset_ms == -3 * 3'600'000);
}

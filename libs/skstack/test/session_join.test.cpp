#include "meterhub/skstack/session.hpp"

#include "session_support.hpp"

using namespace meterhub;
using namespace meterhub::skstack;
using test::harness;
using test::meter_pan;

using states = std::vector<session_state>;

TEST_CASE("session joins BP35A1 after an empty scan, escalating the duration") {
  harness h;
  h.start();
  CHECK(h.s.state() == session_state::resetting);
  h.finish_setup();
  CHECK(h.next_sent() == "SKSCAN 2 FFFFFFFF 4\r\n");
  h.scan({});
  CHECK(h.errors == std::vector{skstack_errc::no_pan_found});
  CHECK(h.next_sent() == "SKSCAN 2 FFFFFFFF 5\r\n");
  h.scan({meter_pan()});
  h.join_commands();
  CHECK(h.s.state() == session_state::joining);
  h.line(h.event_line("25"));
  CHECK(h.states == states{session_state::resetting, session_state::scanning, session_state::joining,
                           session_state::joined});
  REQUIRE(h.caches.size() == 1);
  REQUIRE(h.caches[0]);
  CHECK(h.caches[0]->channel == 0x21);
  CHECK(h.caches[0]->pan_id == 0x8888);
  CHECK(h.caches[0]->mac == 0x001D129012345678);
  CHECK(to_string(h.caches[0]->address) == test::meter_ip);
}

TEST_CASE("session joins BP35C2 with SA2, the scan side and events with side") {
  harness h{module_model::bp35c2};
  h.start();
  h.finish_setup();
  CHECK(h.next_sent() == "SKSCAN 2 FFFFFFFF 4 0\r\n");
  auto pan = meter_pan();
  pan.side = 0;
  h.scan({pan});
  h.join_commands();
  h.line(h.event_line("25"));
  CHECK(h.s.state() == session_state::joined);
}

TEST_CASE("scan duration stops escalating at the maximum and a lost EVENT 22 ends the scan by timer") {
  harness h;
  h.start();
  h.finish_setup();
  for (int d = 4; d <= 6; ++d) {
    CHECK(h.next_sent() == "SKSCAN 2 FFFFFFFF " + std::to_string(d) + "\r\n");
    h.scan({});
  }
  CHECK(h.next_sent() == "SKSCAN 2 FFFFFFFF 6\r\n");
  CHECK(h.s.scan_duration() == 6);
  h.line("OK");
  REQUIRE(h.timer);
  CHECK(h.timer->due_ms == h.now + 28 * 10 * 65 + 5000); // 28 channels × 0.01 s × (2^6 + 1) + margin
  h.feed(meter_pan());
  h.fire();
  CHECK(h.next_sent() == "SKLL64 001D129012345678\r\n");
}

TEST_CASE("the strongest PAN wins unless a meter MAC is configured") {
  harness strongest;
  strongest.start();
  strongest.finish_setup();
  strongest.next_sent();
  strongest.scan({meter_pan(0x40, 0x1111), meter_pan(0xE0, 0x001D129012345678), meter_pan(0x80, 0x2222)});
  CHECK(strongest.next_sent() == "SKLL64 001D129012345678\r\n");

  auto config = test::config_for(module_model::bp35a1);
  config.meter_mac = 0x2222;
  harness chosen{config, std::nullopt};
  chosen.start();
  chosen.finish_setup();
  chosen.next_sent();
  chosen.scan({meter_pan(0xE0), meter_pan(0x10, 0x2222)});
  CHECK(chosen.next_sent() == "SKLL64 0000000000002222\r\n");
}

TEST_CASE("a configured meter that was not heard counts as an empty scan") {
  auto config = test::config_for(module_model::bp35a1);
  config.meter_mac = 0x2222;
  harness h{config, std::nullopt};
  h.start();
  h.finish_setup();
  h.next_sent();
  h.scan({meter_pan()});
  CHECK(h.next_sent() == "SKSCAN 2 FFFFFFFF 5\r\n");
}

TEST_CASE("EVENT 24 retries SKJOIN and a later EVENT 25 joins") {
  harness h;
  h.start();
  h.finish_setup();
  h.next_sent();
  h.scan({meter_pan()});
  h.join_commands();
  h.line(h.event_line("24"));
  CHECK(h.next_sent() == std::string{"SKJOIN "} + test::meter_ip + "\r\n");
  h.line("OK");
  h.line(h.event_line("25"));
  CHECK(h.s.state() == session_state::joined);
}

TEST_CASE("three failed joins of a scanned PAN mean lost, then a restart from SKRESET") {
  harness h;
  h.start();
  h.finish_setup();
  h.next_sent();
  h.scan({meter_pan()});
  h.join_commands();
  h.line(h.event_line("24"));
  h.next_sent();
  h.line("OK");
  h.fire(); // no EVENT 24 / 25 within the join timeout: the second failure
  h.next_sent();
  h.line("OK");
  h.line(h.event_line("24"));
  CHECK(h.sent.empty());
  CHECK(h.s.state() == session_state::lost);
  CHECK(h.errors.back() == skstack_errc::join_failed);
  h.fire();
  CHECK(h.next_sent() == "SKRESET\r\n");
  CHECK(h.s.state() == session_state::resetting);
}

TEST_CASE("a cached PAN skips the scan and SKLL64") {
  const pan_cache cache{0x21, 0x8888, 0x001D129012345678, link_local_from_mac(0x001D129012345678)};
  harness h{module_model::bp35a1, cache};
  h.start();
  h.finish_setup();
  h.join_commands(false);
  h.line(h.event_line("25"));
  CHECK(h.states == states{session_state::resetting, session_state::joining, session_state::joined});
  CHECK(h.caches.empty()); // nothing new to save
}

TEST_CASE("a cached PAN that refuses three joins is forgotten and scanned for") {
  const pan_cache cache{0x21, 0x8888, 0x001D129012345678, link_local_from_mac(0x001D129012345678)};
  harness h{module_model::bp35a1, cache};
  h.start();
  h.finish_setup();
  h.join_commands(false);
  for (int i = 0; i < 2; ++i) {
    h.line(h.event_line("24"));
    h.next_sent();
    h.line("OK");
  }
  h.line(h.event_line("24"));
  REQUIRE(h.caches.size() == 1);
  CHECK_FALSE(h.caches[0]);
  CHECK(h.next_sent() == "SKSCAN 2 FFFFFFFF 4\r\n");
  CHECK(h.s.state() == session_state::scanning);
}

TEST_CASE("FAIL or silence during setup means lost and a restart after the delay") {
  harness h;
  h.start();
  h.next_sent();
  h.line("FAIL ER10");
  CHECK(h.s.state() == session_state::lost);
  CHECK(h.errors == std::vector{skstack_errc::command_failed});
  h.fire();
  CHECK(h.next_sent() == "SKRESET\r\n");
  h.fire(); // no OK to SKRESET
  CHECK(h.errors.back() == skstack_errc::timeout);
  CHECK(h.s.state() == session_state::lost);
}

TEST_CASE("a bad Route-B ID in the configuration is reported, not sent") {
  auto config = test::config_for(module_model::bp35a1);
  config.route_b_id = "short";
  harness h{config, std::nullopt};
  h.start();
  h.next_sent();
  h.line("OK");
  CHECK(h.sent.empty());
  CHECK(h.errors == std::vector{skstack_errc::bad_argument});
}

TEST_CASE("stop sends SKTERM and goes idle on EVENT 27") {
  harness h;
  h.join();
  h.take(h.s.stop(h.now));
  CHECK(h.next_sent() == "SKTERM\r\n");
  h.line("OK");
  h.line(h.event_line("27"));
  CHECK(h.s.state() == session_state::idle);
  harness fresh;
  fresh.take(fresh.s.stop(0));
  CHECK(fresh.sent.empty());
  CHECK(fresh.s.state() == session_state::idle);
}

TEST_CASE("an old timer id is ignored") {
  harness h;
  h.start();
  const auto old = *h.timer;
  h.next_sent();
  h.line("OK"); // arms a new command timer
  h.take(h.s.on_timer(old.id, old.due_ms));
  CHECK(h.s.state() == session_state::resetting);
  CHECK(h.errors.empty());
}

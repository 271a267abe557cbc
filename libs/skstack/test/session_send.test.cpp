#include "meterhub/skstack/session.hpp"

#include "session_support.hpp"

using namespace meterhub;
using namespace meterhub::skstack;
using test::harness;

using states = std::vector<session_state>;

namespace {

/// Confirms the frame in flight: EVENT 21 PARAM 00, then OK.
void confirm(harness& h) {
  h.line(h.event_line("21", "00"));
  h.line("OK");
}

/// An ERXUDP line; `radio` is SECURED on BP35A1, "LQI SECURED SIDE" on BP35C2.
std::string erxudp(const std::string& sender, const std::string& ports, const std::string& radio = "1") {
  return "ERXUDP " + sender + " " + test::module_ip + " " + ports + " 001D129012345678 " + radio + " 0002 1081";
}

} // namespace

TEST_CASE("a joined session sends SKSENDTO byte for byte, one frame at a time, in order") {
  for (auto model : {module_model::bp35a1, module_model::bp35c2}) {
    harness h{model};
    h.join();
    h.send("AB");
    h.send("CD");
    CHECK(h.next_sent() == h.sendto("AB"));
    CHECK(h.sent.empty());
    CHECK(h.s.queued() == 1);
    h.line("OK");
    CHECK(h.sent.empty()); // waits for EVENT 21 as well
    h.line(h.event_line("21", "02"));
    CHECK(h.next_sent() == h.sendto("CD"));
    confirm(h);
    CHECK(h.sent.empty());
  }
}

TEST_CASE("frames sent before the join go out in order once joined") {
  harness h;
  h.send("11");
  h.send("22");
  h.join();
  CHECK(h.next_sent() == h.sendto("11"));
  confirm(h);
  CHECK(h.next_sent() == h.sendto("22"));
  confirm(h);
  CHECK(h.s.queued() == 0);
}

TEST_CASE("EVENT 29 mid-send queues the frame in flight and later ones until EVENT 25") {
  harness h;
  h.join();
  h.send("AA");
  CHECK(h.next_sent() == h.sendto("AA"));
  h.line(h.event_line("29"));
  CHECK(h.s.state() == session_state::reauthenticating);
  h.send("BB");
  CHECK(h.sent.empty());
  h.line(h.event_line("21", "01")); // cancelled while the gate was closed
  h.line("OK");
  CHECK(h.sent.empty());
  CHECK(h.s.queued() == 2);
  h.line(h.event_line("25"));
  CHECK(h.s.state() == session_state::joined);
  CHECK(h.next_sent() == h.sendto("AA"));
  confirm(h);
  CHECK(h.next_sent() == h.sendto("BB"));
  confirm(h);
  CHECK(h.dropped.empty());
  CHECK(h.states == states{session_state::reauthenticating, session_state::joined});
}

TEST_CASE("a frame whose EVENT 21 never came is sent again after re-authentication") {
  harness h;
  h.join();
  h.send("AA");
  h.next_sent();
  h.line("OK");
  h.line(h.event_line("29"));
  h.line(h.event_line("25"));
  CHECK(h.next_sent() == h.sendto("AA"));
}

TEST_CASE("EVENT 24 during re-authentication rejoins, a missing EVENT 25 too") {
  harness h;
  h.join();
  h.line(h.event_line("29"));
  h.line(h.event_line("24"));
  CHECK(h.s.state() == session_state::joining);
  CHECK(h.next_sent() == std::string{"SKJOIN "} + test::meter_ip + "\r\n");
  h.line("OK");
  h.line(h.event_line("25"));
  CHECK(h.s.state() == session_state::joined);
  h.line(h.event_line("29"));
  h.fire();
  CHECK(h.s.state() == session_state::joining);
  CHECK(h.next_sent() == std::string{"SKJOIN "} + test::meter_ip + "\r\n");
}

TEST_CASE("EVENT 32 queues frames and EVENT 33 releases them in order") {
  harness h;
  h.join();
  h.line(h.event_line("32"));
  CHECK(h.s.state() == session_state::transmit_limited);
  h.send("01");
  h.send("02");
  h.send("03");
  CHECK(h.sent.empty());
  CHECK(h.s.queued() == 3);
  h.line(h.event_line("33"));
  CHECK(h.s.state() == session_state::joined);
  for (const char* payload : {"01", "02", "03"}) {
    CHECK(h.next_sent() == h.sendto(payload));
    confirm(h);
  }
  CHECK(h.states == states{session_state::transmit_limited, session_state::joined});
}

TEST_CASE("a frame cancelled by the transmit limit is not counted as a failed try") {
  auto config = test::config_for(module_model::bp35a1);
  config.max_send_attempts = 1;
  harness h{config, std::nullopt};
  h.join();
  h.send("AA");
  h.next_sent();
  h.line(h.event_line("32"));
  h.line(h.event_line("21", "01"));
  h.line("OK");
  CHECK(h.dropped.empty());
  h.line(h.event_line("33"));
  CHECK(h.next_sent() == h.sendto("AA"));
}

TEST_CASE("EVENT 29 and EVENT 32 together keep the gate closed until both lift") {
  harness h;
  h.join();
  h.line(h.event_line("32"));
  h.line(h.event_line("29"));
  CHECK(h.s.state() == session_state::reauthenticating);
  h.send("AA");
  h.line(h.event_line("25"));
  CHECK(h.s.state() == session_state::transmit_limited);
  CHECK(h.sent.empty());
  h.line(h.event_line("33"));
  CHECK(h.next_sent() == h.sendto("AA"));
}

TEST_CASE("EVENT 21 PARAM 01 with the gates open retries after the delay, then drops the frame") {
  harness h;
  h.join();
  h.send("AA");
  for (int attempt = 1; attempt <= 3; ++attempt) {
    CHECK(h.next_sent() == h.sendto("AA"));
    h.line(h.event_line("21", "01"));
    h.line("OK");
    if (attempt < 3) {
      CHECK(h.sent.empty());
      CHECK(h.timer->due_ms == h.now + 5000);
      h.fire();
    }
  }
  REQUIRE(h.dropped.size() == 1);
  CHECK(std::string(h.dropped[0].begin(), h.dropped[0].end()) == "AA");
  CHECK(h.sent.empty());
}

TEST_CASE("a FAIL to SKSENDTO is retried like a cancelled transmission") {
  harness h;
  h.join();
  h.send("AA");
  h.next_sent();
  h.line("FAIL ER10");
  h.fire();
  CHECK(h.next_sent() == h.sendto("AA"));
}

TEST_CASE("session loss by EVENT 26, 27 or 28 rejoins and then sends the queue") {
  for (const char* number : {"26", "27", "28"}) {
    harness h;
    h.join();
    h.send("AA");
    h.next_sent();
    h.line(h.event_line(number));
    CHECK(h.states == states{session_state::lost, session_state::joining});
    CHECK(h.errors.back() == skstack_errc::session_lost);
    CHECK(h.next_sent() == std::string{"SKJOIN "} + test::meter_ip + "\r\n");
    h.send("BB");
    h.line("OK");
    CHECK(h.sent.empty());
    h.line(h.event_line("25"));
    CHECK(h.next_sent() == h.sendto("AA"));
    confirm(h);
    CHECK(h.next_sent() == h.sendto("BB"));
  }
}

TEST_CASE("repeated send timeouts mean the session is lost and rejoin") {
  harness h;
  h.join();
  h.send("AA");
  CHECK(h.next_sent() == h.sendto("AA"));
  h.fire(); // no OK
  CHECK(h.next_sent() == h.sendto("AA"));
  h.line("OK");
  h.fire(); // no EVENT 21
  CHECK(h.next_sent() == h.sendto("AA"));
  h.fire();
  CHECK(h.s.state() == session_state::joining);
  CHECK(h.next_sent() == std::string{"SKJOIN "} + test::meter_ip + "\r\n");
  h.line("OK");
  h.line(h.event_line("25"));
  CHECK(h.next_sent() == h.sendto("AA"));
}

TEST_CASE("the queue drops its oldest frame past the limit") {
  auto config = test::config_for(module_model::bp35a1);
  config.queue_limit = 2;
  harness h{config, std::nullopt};
  h.send("01");
  h.send("02");
  h.send("03");
  REQUIRE(h.dropped.size() == 1);
  CHECK(std::string(h.dropped[0].begin(), h.dropped[0].end()) == "01");
  CHECK(h.s.queued() == 2);
}

TEST_CASE("only ECHONET datagrams from the meter are given up") {
  harness h;
  h.line(erxudp(test::meter_ip, "0E1A 0E1A"));
  CHECK(h.delivered.empty()); // not joined yet
  h.join();
  h.line(erxudp(test::meter_ip, "0E1A 0E1A"));
  h.line(erxudp(test::meter_ip, "02CC 02CC"));
  h.line(erxudp("FE80:0000:0000:0000:0000:0000:0000:0009", "0E1A 0E1A"));
  h.line(erxudp("fe80::21d:1290:1234:5678", "0E1A 0E1A"));
  REQUIRE(h.delivered.size() == 2);
  CHECK(h.delivered[0].payload == std::vector<std::uint8_t>{0x10, 0x81});

  harness c2{module_model::bp35c2};
  c2.join();
  c2.line(erxudp(test::meter_ip, "0E1A 0E1A", "A0 1 0"));
  c2.line(erxudp(test::meter_ip, "0E1A 0E1A", "A0 1 1"));
  REQUIRE(c2.delivered.size() == 1);
  CHECK(c2.delivered[0].lqi == 0xA0);
}

TEST_CASE("an OK to SKSENDTO during re-authentication keeps the re-authentication deadline") {
  harness h;
  h.join();
  h.send("AA");
  h.next_sent();
  h.line(h.event_line("29"));
  h.line("OK");
  REQUIRE(h.timer);
  CHECK(h.timer->due_ms == h.now + 60000);
  h.fire();
  CHECK(h.s.state() == session_state::joining);
  CHECK(h.next_sent() == std::string{"SKJOIN "} + test::meter_ip + "\r\n");
  h.line("OK");
  h.line(h.event_line("25"));
  CHECK(h.next_sent() == h.sendto("AA"));
}

TEST_CASE("a send timeout during the transmit limit is not counted and the frame waits for EVENT 33") {
  auto config = test::config_for(module_model::bp35a1);
  config.max_timeouts = 1;
  harness h{config, std::nullopt};
  h.join();
  h.send("AA");
  h.next_sent();
  h.line(h.event_line("32"));
  h.fire(); // no OK while limited
  CHECK(h.s.state() == session_state::transmit_limited);
  CHECK(h.sent.empty());
  h.line(h.event_line("33"));
  CHECK(h.next_sent() == h.sendto("AA"));
}

#include <catch2/catch.hpp>

#include <functional>
#include <map>

#include "meterhub/iec61107/error.hpp"
#include "meterhub/iec61107/session.hpp"

using namespace meterhub::iec61107;
using namespace std::chrono_literals;
using kind = action::kind;

namespace {

std::string reply(std::string_view data) {
  std::string body{data};
  body += etx;
  return std::string{stx} + body + static_cast<char>(block_check(body));
}

const std::string ident = "/TPC5NEVAMT324.2303\r\n";
const std::string p0 = command_message("P0", "(00000000)");

/// A scripted meter: answers what the session sends, records the line's life (sends, baud switches, waits).
struct line {
  explicit line(std::function<std::string(const std::string&)> script) : meter(std::move(script)) {}

  std::function<std::string(const std::string&)> meter;
  std::vector<std::string> sent;
  std::vector<int> bauds;
  std::chrono::milliseconds waited{0};
  int timeouts = 0;

  /// Carries out actions until the session finishes (or idles), as the line actor does.
  void run(session& s, std::vector<action> actions) {
    std::string pending;
    for (std::size_t guard = 0; guard < 1000; ++guard) {
      std::vector<action> next;
      for (auto& a : actions) {
        if (a.what == kind::send) {
          sent.push_back(a.bytes);
          pending += meter(a.bytes);
        } else if (a.what == kind::set_baud) {
          bauds.push_back(a.baud);
        } else if (a.what == kind::pause) {
          waited += a.duration;
        } else if (a.what == kind::receive) {
          if (pending.empty()) {
            ++timeouts;
            next = s.on_timeout();
          } else {
            next = s.on_bytes(std::exchange(pending, {}));
          }
          REQUIRE_FALSE(next.empty()); // every scripted answer is complete, so something must follow
        } else if (a.what == kind::idle || a.what == kind::finished) {
          return;
        }
      }
      actions = std::move(next);
    }
    FAIL("session did not finish");
  }
};

/// A NEVA MT324 with password 12345678 and two registers.
std::string mt324(const std::string& in) {
  static const std::map<std::string, std::string> values = {{"200700FF", "230.1"}, {"100700FF", "00015.4"}};
  if (in == sign_on() || in == sign_on("00000201"))
    return ident;
  if (in == option_select('5', session_mode::programming))
    return p0;
  if (in == command_message("P1", "(12345678)"))
    return std::string{ack};
  if (in.rfind("\x01P1", 0) == 0)
    return "\x07";
  if (in.rfind("\x01R1\x02", 0) == 0) {
    const auto address = in.substr(4, 8);
    auto it = values.find(address);
    return it == values.end() ? reply("(01)") : reply(address + "(" + it->second + ")");
  }
  if (in.rfind("\x01W1\x02", 0) == 0)
    return std::string{ack};
  return {};
}

session_settings settings() {
  session_settings s;
  s.password = "12345678";
  return s;
}

} // namespace

TEST_CASE("an RS-485 session signs on, logs in, reads each register and breaks", "[session]") {
  session s{settings(), {request::read("200700FF"), request::read("100700FF"), request::read("030880FF")}};
  line l{mt324};
  l.run(s, s.start());
  CHECK_FALSE(s.failure());
  REQUIRE(s.ident());
  CHECK(s.ident()->ident == "NEVAMT324.2303");
  REQUIRE(s.outcomes().size() == 3);
  CHECK(s.outcomes()[0].reply->value == "230.1");
  CHECK(s.outcomes()[1].reply->value == "00015.4");
  CHECK(s.outcomes()[2].reply.error() == iec61107_errc::register_error); // "(01)": no reactive energy
  CHECK(l.sent.front() == sign_on());
  CHECK(l.sent.back() == break_message());
  CHECK(l.bauds == std::vector<int>{9600}); // no switching on RS-485
  CHECK(s.finished());
}

TEST_CASE("an optical session negotiates the meter's rate, capped by max_baud, after the ACK has left", "[session]") {
  auto cfg = settings();
  cfg.interface = line_interface::optical;
  cfg.initial_baud = 300;
  cfg.max_baud = 4800;
  session s{cfg, {request::read("200700FF")}};
  auto first = s.start();
  CHECK(first.front() == action::set_baud(300));
  auto after_ident = s.on_bytes(ident);
  REQUIRE(after_ident.size() == 5);
  CHECK(after_ident[0].bytes == option_select('4', session_mode::programming));
  CHECK(after_ident[1].what == kind::drain);
  CHECK(after_ident[2] == action::pause(30ms));
  CHECK(after_ident[3] == action::set_baud(4800));
  CHECK(after_ident[4].what == kind::receive);
}

TEST_CASE("a meter addressed on a shared bus is signed on with its address", "[session]") {
  auto cfg = settings();
  cfg.address = "00000201";
  session s{cfg, {request::read("200700FF")}};
  line l{mt324};
  l.run(s, s.start());
  CHECK(l.sent.front() == "/?00000201!\r\n");
  CHECK(s.outcomes().at(0).reply->value == "230.1");
}

TEST_CASE("a wrong password ends the session with password_rejected, a break and no reads", "[session]") {
  auto cfg = settings();
  cfg.password = "00000000";
  session s{cfg, {request::read("200700FF")}};
  line l{mt324};
  l.run(s, s.start());
  CHECK(s.failure() == iec61107_errc::password_rejected);
  CHECK(s.outcomes().empty());
  CHECK(l.sent.back() == break_message());
}

TEST_CASE("without a configured password the P0 operand is echoed", "[session]") {
  auto cfg = settings();
  cfg.password.reset();
  session s{cfg, {}};
  line l{[](const std::string& in) { return in == command_message("P1", "(00000000)") ? std::string{ack} : mt324(in); }};
  l.run(s, s.start());
  CHECK_FALSE(s.failure());
  CHECK(l.sent.at(2) == command_message("P1", "(00000000)"));
}

TEST_CASE("a silent meter gets every sign-on attempt, each followed by a break, then no_answer", "[session]") {
  session s{settings(), {request::read("200700FF")}};
  line l{[](const std::string&) { return std::string{}; }};
  l.run(s, s.start());
  CHECK(s.failure() == iec61107_errc::no_answer);
  CHECK(l.timeouts == 5);
  CHECK(std::count(l.sent.begin(), l.sent.end(), sign_on()) == 5);
  CHECK(std::count(l.sent.begin(), l.sent.end(), break_message()) == 5);
  CHECK(l.waited == 5 * 500ms);
}

TEST_CASE("a reply with a bad BCC is asked again once, twice bad is that register's error", "[session]") {
  int bad_left = 1;
  auto flaky = [&](const std::string& in) {
    auto out = mt324(in);
    if (in.rfind("\x01R1", 0) == 0 && bad_left-- > 0)
      out.back() ^= 0x01;
    return out;
  };
  session s{settings(), {request::read("200700FF")}};
  line l{flaky};
  l.run(s, s.start());
  CHECK(s.outcomes().at(0).reply->value == "230.1");

  bad_left = 2;
  session twice{settings(), {request::read("200700FF"), request::read("100700FF")}};
  line l2{flaky};
  l2.run(twice, twice.start());
  CHECK(twice.outcomes().at(0).reply.error() == iec61107_errc::bad_bcc);
  CHECK(twice.outcomes().at(1).reply->value == "00015.4");
}

TEST_CASE("silence after a request ends the session with a break, later requests get no outcome", "[session]") {
  auto dies = [](const std::string& in) { return in.find("100700FF") != std::string::npos ? "" : mt324(in); };
  session s{settings(), {request::read("200700FF"), request::read("100700FF"), request::read("0E0701FF")}};
  line l{dies};
  l.run(s, s.start());
  CHECK(s.failure() == iec61107_errc::no_answer);
  CHECK_THAT(meterhub::describe(s.failure()), Catch::Contains("100700FF"));
  CHECK(s.outcomes().size() == 1);
  CHECK(l.sent.back() == break_message());
}

TEST_CASE("a write is acknowledged, an error reply to a write is that write's error", "[session]") {
  auto refuses = [](const std::string& in) { return in.find("W1") != std::string::npos ? reply("(03)") : mt324(in); };
  session ok{settings(), {request::write("00090100", "120000")}};
  line l{mt324};
  l.run(ok, ok.start());
  CHECK(l.sent.at(3) == command_message("W1", "00090100(120000)"));
  CHECK(ok.outcomes().at(0).reply);
  session no{settings(), {request::write("00090100", "120000")}};
  line l2{refuses};
  l2.run(no, no.start());
  CHECK(no.outcomes().at(0).reply.error() == iec61107_errc::register_error);
}

TEST_CASE("keep_open idles when the queue is empty and takes more requests", "[session]") {
  auto cfg = settings();
  cfg.keep_open = true;
  session s{cfg, {request::read("200700FF")}};
  line l{mt324};
  l.run(s, s.start());
  CHECK_FALSE(s.finished());
  l.run(s, s.submit({request::read("100700FF")}));
  CHECK(s.outcomes().size() == 2);
  auto bye = s.close();
  CHECK(bye.front().bytes == break_message());
  CHECK(s.finished());
}

TEST_CASE("a readout session takes the data block, acknowledging partial blocks", "[session]") {
  auto cfg = settings();
  cfg.mode = session_mode::readout;
  std::string part1 = "1.8.0(001234.5*kWh)\r\n";
  part1 += eot;
  auto meter = [&](const std::string& in) -> std::string {
    if (in == sign_on())
      return "/LGZ5ZMD310\r\n";
    if (in == option_select('5', session_mode::readout))
      return std::string{stx} + part1 + static_cast<char>(block_check(part1));
    if (in == std::string{ack})
      return reply("2.8.0(000001.0*kWh)\r\n!\r\n");
    return {};
  };
  session s{cfg, {}};
  line l{meter};
  l.run(s, s.start());
  CHECK_FALSE(s.failure());
  REQUIRE(s.readout().size() == 2);
  CHECK(s.readout()[1].address == "2.8.0");
  CHECK(l.sent.back() == std::string{ack}); // the meter ends a readout: no break
}

TEST_CASE("noise before the identification is skipped, a garbled identification is retried", "[session]") {
  int garbled = 1;
  auto meter = [&](const std::string& in) {
    if (in == sign_on())
      return garbled-- > 0 ? std::string{"\x7f/T1C5X\r\n"} : "\x7f" + ident;
    return mt324(in);
  };
  session s{settings(), {request::read("200700FF")}};
  line l{meter};
  l.run(s, s.start());
  CHECK_FALSE(s.failure());
  CHECK(std::count(l.sent.begin(), l.sent.end(), sign_on()) == 2);
}

TEST_CASE("a rate without a mode C character is refused before anything is sent", "[session]") {
  auto cfg = settings();
  cfg.initial_baud = 115200;
  session s{cfg, {}};
  auto actions = s.start();
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].what == kind::finished);
  CHECK(s.failure() == iec61107_errc::bad_configuration);
}

TEST_CASE("identify_only breaks right after the identification", "[session]") {
  auto cfg = settings();
  cfg.identify_only = true;
  cfg.address = "00000201";
  session s{cfg, {request::read("200700FF")}};
  line l{mt324};
  l.run(s, s.start());
  CHECK_FALSE(s.failure());
  REQUIRE(s.ident());
  CHECK(s.ident()->maker == "TPC");
  CHECK(s.outcomes().empty());
  CHECK(l.sent == std::vector<std::string>{"/?00000201!\r\n", break_message()});
}

// The project's own reading side (iec61107::session) against the imitator, in process: both ends of the line
// speak through real bytes, so a disagreement in framing, BCC or session flow fails here.
#include <catch2/catch.hpp>

#include <deque>

#include "faults.hpp"
#include "meterhub/iec61107/error.hpp"
#include "meterhub/iec61107/session.hpp"
#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::iec61107sim;
using namespace meterhub::iec61107sim::test;
using namespace std::chrono_literals;

namespace {

/// Runs `s` to its end against the model; `plan` is applied to every reply as the I/O loop would.
void run(iec61107::session& s, meter_model& model, const fault_plan& plan = {}) {
  line l{model};
  std::mt19937_64 rng{9};
  std::deque<iec61107::action> todo;
  const auto queue = [&](std::vector<iec61107::action> next) { todo.insert(todo.end(), next.begin(), next.end()); };
  queue(s.start());
  std::string answer;
  for (int steps = 0; !todo.empty() && steps < 1000; ++steps) {
    const auto a = todo.front();
    todo.pop_front();
    if (a.what == iec61107::action::kind::send) {
      const auto reply = l.send(a.bytes);
      if (!reply.empty())
        answer += apply_faults(plan, reply, rng, 0ms).bytes;
    } else if (a.what == iec61107::action::kind::receive) {
      queue(answer.empty() ? s.on_timeout() : s.on_bytes(answer));
      answer.clear();
    } else if (a.what == iec61107::action::kind::finished) {
      break;
    }
  }
  REQUIRE(s.finished());
  CHECK(l.session().at == session_state::phase::idle); // the session's break reached the meter
}

iec61107::session_settings settings(std::string address = {}, std::string password = "00000000") {
  iec61107::session_settings out;
  out.address = std::move(address);
  out.password = std::move(password);
  return out;
}

} // namespace

TEST_CASE("the reading side reads, writes and gets (01) from the imitator") {
  setup_options o;
  o.overrides = {"20.07.00*FF:230.5"};
  auto model = make_model(o);
  iec61107::session s{settings(),
                      {iec61107::request::read("200700FF"), iec61107::request::read("030880FF"),
                       iec61107::request::write("60010AFF", "Flat 12"), iec61107::request::read("60010AFF"),
                       iec61107::request::read("0F0880FF")}};
  run(s, model);
  CHECK_FALSE(s.failure());
  REQUIRE(s.outcomes().size() == 5);
  REQUIRE(s.ident());
  CHECK(s.ident()->ident == "NEVAMT324.2303");
  const auto& out = s.outcomes();
  REQUIRE(out[0].reply);
  CHECK(out[0].reply->value == "230.5");
  REQUIRE_FALSE(out[1].reply);
  CHECK(out[1].reply.error() == iec61107::iec61107_errc::register_error);
  CHECK(out[2].reply);
  REQUIRE(out[3].reply);
  CHECK(out[3].reply->value == "Flat 12");
  REQUIRE(out[4].reply);
  CHECK(split(out[4].reply->value).size() == 5);
}

TEST_CASE("the reading side addresses one meter of several, and a wrong password fails") {
  setup_options o;
  o.meters = {"00000201:AAAAAAAA", "00000202:BBBBBBBB"};
  auto model = make_model(o);
  iec61107::session good{settings("00000202", "BBBBBBBB"), {iec61107::request::read("600101FF")}};
  run(good, model);
  REQUIRE(good.outcomes().size() == 1);
  REQUIRE(good.outcomes()[0].reply);
  CHECK(good.outcomes()[0].reply->value == "00000202");
  iec61107::session bad{settings("00000201", "BBBBBBBB"), {iec61107::request::read("600101FF")}};
  run(bad, model);
  CHECK(bad.failure() == iec61107::iec61107_errc::password_rejected);
}

TEST_CASE("the reading side takes the imitator's readout block") {
  auto model = make_model();
  auto set = settings();
  set.mode = iec61107::session_mode::readout;
  iec61107::session s{set, {}};
  run(s, model);
  CHECK_FALSE(s.failure());
  REQUIRE(s.readout().size() == 9);
  CHECK(s.readout()[1].address == "000902FF");
  CHECK(s.readout()[1].value == "240414");
}

TEST_CASE("faults reach the reading side as the failures they imitate") {
  auto model = make_model();
  fault_plan plan;
  SECTION("silence: no identification, five sign-ons") {
    plan.set("silence");
    iec61107::session s{settings(), {iec61107::request::read("200700FF")}};
    run(s, model, plan);
    CHECK(s.failure() == iec61107::iec61107_errc::no_answer);
  }
  SECTION("a bad BCC on every reply: the sign-on is retried and fails") {
    plan.set("bad-bcc");
    iec61107::session s{settings(), {iec61107::request::read("200700FF")}};
    run(s, model, plan);
    CHECK(s.failure() == iec61107::iec61107_errc::bad_bcc);
  }
}

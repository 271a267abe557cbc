#include <catch2/catch.hpp>

#include "faults.hpp"
#include "meter_model.hpp"
#include "meterhub/iec61107/error.hpp"
#include "meterhub/iec61107/message_reader.hpp"

using namespace meterhub;
using namespace meterhub::iec61107sim;
using namespace std::chrono_literals;

namespace {

const std::string reply_bytes = data_reply("200700FF(230.5)");

} // namespace

TEST_CASE("fault specs: kind, optional percent, 0 switches off") {
  fault_plan plan;
  CHECK(plan.describe() == "none");
  CHECK(plan.set("silence"));
  CHECK(plan.set("bad-bcc:20"));
  CHECK(plan.describe() == "silence:100 bad-bcc:20");
  CHECK(plan.set("silence:0"));
  CHECK(plan.describe() == "bad-bcc:20");
  for (const auto* bad : {"", "noise", "slow:101", "slow:-1", "slow:x", "drop:5%"})
    CHECK_FALSE(plan.set(bad));
}

TEST_CASE("each fault does what it says") {
  std::mt19937_64 rng{1};
  fault_plan plan;
  SECTION("none: the reply goes out intact, at once") {
    const auto out = apply_faults(plan, reply_bytes, rng, 2500ms);
    CHECK(out.bytes == reply_bytes);
    CHECK(out.delay == 0ms);
    CHECK_FALSE(out.drop);
    CHECK(out.fault.empty());
  }
  SECTION("silence") {
    plan.set("silence");
    CHECK(apply_faults(plan, reply_bytes, rng, 2500ms).bytes.empty());
  }
  SECTION("a bad BCC is caught by the reading side's reader") {
    plan.set("bad-bcc");
    const auto out = apply_faults(plan, reply_bytes, rng, 2500ms);
    CHECK(out.bytes.size() == reply_bytes.size());
    CHECK(out.bytes != reply_bytes);
    iec61107::message_reader reader;
    reader.feed(out.bytes);
    const auto m = reader.next();
    REQUIRE(m);
    REQUIRE_FALSE(*m);
    CHECK(m->error() == iec61107::iec61107_errc::bad_bcc);
    CHECK(apply_faults(plan, "\x06", rng, 2500ms).bytes == "\x06"); // nothing to corrupt in an ACK
  }
  SECTION("slow: beyond the 2 s reply timeout") {
    plan.set("slow");
    const auto out = apply_faults(plan, reply_bytes, rng, 2500ms);
    CHECK(out.delay == 2500ms);
    CHECK(out.bytes == reply_bytes);
  }
  SECTION("drop wins over everything") {
    plan.set("drop");
    plan.set("slow");
    CHECK(apply_faults(plan, reply_bytes, rng, 2500ms).drop);
  }
}

TEST_CASE("a percentage hits about that share of replies, reproducibly") {
  fault_plan plan;
  plan.set("silence:30");
  const auto count = [&](std::uint64_t seed) {
    std::mt19937_64 rng{seed};
    int silent = 0;
    for (int i = 0; i < 2000; ++i)
      silent += apply_faults(plan, reply_bytes, rng, 0ms).bytes.empty();
    return silent;
  };
  CHECK(count(5) == count(5));
  CHECK(count(5) > 500);
  CHECK(count(5) < 700);
}

TEST_CASE("control lines switch faults at run time") {
  fault_plan plan;
  CHECK(run_control_line(plan, "fault slow:50\r") == "faults: slow:50");
  CHECK(run_control_line(plan, "fault drop") == "faults: slow:50 drop:100");
  CHECK(run_control_line(plan, "faults") == "faults: slow:50 drop:100");
  CHECK(run_control_line(plan, "fault lightning").starts_with("error:"));
  CHECK(run_control_line(plan, "reboot").starts_with("error:"));
  CHECK(run_control_line(plan, "clear") == "faults: none");
}

// The control lines typed into a running simulator (--control-stdin): each command's effect on the plan and the
// answer printed, and what a wrong line is told.
#include <catch2/catch.hpp>

#include "control.hpp"

using namespace meterhub::modbus_sim;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("fault TARGET KIND:PERCENT sets a rule and shows the plan") {
  fault_plan plan;
  CHECK(run_control_line(plan, "fault 7 silence", false) == "faults: 7=silence:100");
  CHECK(run_control_line(plan, "fault 7@tcp1 exception:2:50", false)
        == "faults: 7=silence:100 7@tcp1=exception:2:50");
  CHECK(run_control_line(plan, "fault @pty1 bad-crc:20", false)
        == "faults: 7=silence:100 7@tcp1=exception:2:50 @pty1=bad-crc:20");
  CHECK(run_control_line(plan, "fault all slow:10", false)
        == "faults: 7=silence:100 7@tcp1=exception:2:50 @pty1=bad-crc:20 all=slow:10");
  const auto mix = plan.mix_for("tcp1", 7);
  CHECK(mix.percent[static_cast<std::size_t>(fault_kind::exception)] == 50);
  CHECK(mix.exception_code == 2);
  CHECK(mix.percent[static_cast<std::size_t>(fault_kind::silence)] == 100);

  SECTION("percent 0 switches a rule off") {
    CHECK(run_control_line(plan, "fault 7 silence:0", false)
          == "faults: 7@tcp1=exception:2:50 @pty1=bad-crc:20 all=slow:10");
  }
  SECTION("clear switches every rule off") {
    CHECK(run_control_line(plan, "clear", false) == "faults: none");
    CHECK(plan.rules().empty());
  }
  SECTION("faults only shows") {
    const auto before = plan.describe();
    CHECK(run_control_line(plan, "faults", false) == "faults: " + before);
    CHECK(plan.describe() == before);
  }
}

TEST_CASE("fault KIND with no target is for every device") {
  fault_plan plan;
  CHECK(run_control_line(plan, "fault drop:5", false) == "faults: all=drop:5");
  CHECK(plan.mix_for("any", 200).percent[static_cast<std::size_t>(fault_kind::drop)] == 5);
  CHECK(run_control_line(plan, "fault garble", false) == "faults: all=drop:5 all=garble:100");
}

TEST_CASE("control lines: spaces, tabs and a terminal's carriage return are separators") {
  fault_plan plan;
  CHECK(run_control_line(plan, "  fault\t7   slow:30 \r", false) == "faults: 7=slow:30");
  CHECK(run_control_line(plan, "clear\r", false) == "faults: none");
  CHECK(run_control_line(plan, "\tfaults  ", false) == "faults: none");
}

TEST_CASE("while SIGUSR1's silence is on, every answer says so") {
  fault_plan plan;
  CHECK(run_control_line(plan, "faults", true) == "faults: none (SIGUSR1 silence on)");
  CHECK(run_control_line(plan, "fault 3 slow", true) == "faults: 3=slow:100 (SIGUSR1 silence on)");
}

TEST_CASE("a wrong control line is told what is wrong and changes nothing") {
  fault_plan plan;
  REQUIRE(run_control_line(plan, "fault 7 slow:10", false) == "faults: 7=slow:10");

  CHECK(run_control_line(plan, "fault 7 loud", false) == "error: 'loud' is not KIND[:PERCENT]");
  CHECK(run_control_line(plan, "fault 7 slow:101", false) == "error: 'slow:101' is not KIND[:PERCENT]");
  CHECK(run_control_line(plan, "fault exception", false) == "error: 'exception' is not KIND[:PERCENT]");
  CHECK(run_control_line(plan, "fault 300 slow", false)
        == "error: '300' is not a target (all, 7, 7@LINE, @LINE)");
  CHECK(run_control_line(plan, "fault 7@ slow", false) == "error: '7@' is not a target (all, 7, 7@LINE, @LINE)");
  for (const char* line : {"", "   ", "fault", "faults now", "clear all", "fault 7 slow 10", "FAULT 7 slow",
                           "silence", "help"}) {
    INFO(line);
    const auto answer = run_control_line(plan, line, false);
    CHECK_THAT(answer, StartsWith("error: commands are 'fault [TARGET] KIND[:PERCENT]'"));
    CHECK_THAT(answer, Contains("'clear'") && Contains("'faults'"));
  }
  CHECK(plan.describe() == "7=slow:10");
}

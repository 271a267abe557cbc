// The fault plan: targets and specs as the command line and the control lines write them, which rule wins for a
// device, and what a roll with a fixed seed does to an answer's frame.
#include <catch2/catch.hpp>

#include "faults.hpp"
#include "meterhub/modbus/crc.hpp"

using namespace meterhub;
using namespace meterhub::modbus_sim;

namespace {

int percent_of(const fault_mix& mix, fault_kind kind) {
  return mix.percent[static_cast<std::size_t>(kind)];
}

fault_mix mix_of(std::initializer_list<std::pair<fault_kind, int>> kinds, std::uint8_t code = 4) {
  fault_mix mix;
  for (const auto& [kind, percent] : kinds)
    mix.percent[static_cast<std::size_t>(kind)] = percent;
  mix.exception_code = code;
  return mix;
}

/// An RTU frame whose CRC checks: read holding registers of unit 3 answered with one register.
std::vector<std::uint8_t> rtu_answer() {
  std::vector<std::uint8_t> frame{0x03, 0x03, 0x02, 0x12, 0x34};
  modbus::append_crc16_modbus(frame);
  return frame;
}

bool crc_checks(const std::vector<std::uint8_t>& frame) {
  return modbus::has_valid_crc16_modbus(frame);
}

} // namespace

TEST_CASE("fault targets: all, a unit everywhere, a unit on a line, a whole line") {
  const auto all = fault_target::parse("all");
  REQUIRE(all);
  CHECK(all->line.empty());
  CHECK_FALSE(all->unit);
  CHECK(fault_target::parse("*") == all);

  const auto unit = fault_target::parse("7");
  REQUIRE(unit);
  CHECK(unit->unit == 7);
  CHECK(unit->line.empty());

  const auto on_line = fault_target::parse("7@tcp1");
  REQUIRE(on_line);
  CHECK(on_line->unit == 7);
  CHECK(on_line->line == "tcp1");

  const auto line = fault_target::parse("@pty1");
  REQUIRE(line);
  CHECK_FALSE(line->unit);
  CHECK(line->line == "pty1");

  CHECK(fault_target::parse("0")->unit == 0);
  CHECK(fault_target::parse("255")->unit == 255);

  SECTION("they print as they are written") {
    for (const char* text : {"all", "7", "7@tcp1", "@pty1"})
      CHECK(fault_target::parse(text)->to_string() == text);
  }
  SECTION("the more specific target ranks higher") {
    CHECK(all->rank() < line->rank());
    CHECK(line->rank() < unit->rank());
    CHECK(unit->rank() < on_line->rank());
  }
  SECTION("what each matches") {
    CHECK(all->matches("tcp1", 1));
    CHECK(unit->matches("tcp1", 7));
    CHECK(unit->matches("pty1", 7));
    CHECK_FALSE(unit->matches("tcp1", 8));
    CHECK(on_line->matches("tcp1", 7));
    CHECK_FALSE(on_line->matches("tcp2", 7));
    CHECK(line->matches("pty1", 200));
    CHECK_FALSE(line->matches("pty2", 200));
  }
}

TEST_CASE("malformed fault targets are refused") {
  for (const char* text : {"", "256", "-1", "x", "7x", "@", "7@", "all@tcp1", " 7", "7 "})
    CHECK_FALSE(fault_target::parse(text));
}

TEST_CASE("fault specs: every kind, a percent, an exception code") {
  fault_plan plan;
  REQUIRE(plan.set(fault_target{}, "silence"));
  REQUIRE(plan.set(fault_target{}, "bad-crc:25"));
  REQUIRE(plan.set(fault_target{}, "exception:2"));
  REQUIRE(plan.set(fault_target{}, "slow:10"));
  REQUIRE(plan.set(fault_target{}, "drop:1"));
  REQUIRE(plan.set(fault_target{}, "garble:99"));
  REQUIRE(plan.rules().size() == 6);
  const auto mix = plan.mix_for("tcp1", 1);
  CHECK(percent_of(mix, fault_kind::silence) == 100); // no percent: every answer
  CHECK(percent_of(mix, fault_kind::bad_crc) == 25);
  CHECK(percent_of(mix, fault_kind::exception) == 100);
  CHECK(mix.exception_code == 2);
  CHECK(percent_of(mix, fault_kind::slow) == 10);
  CHECK(percent_of(mix, fault_kind::drop) == 1);
  CHECK(percent_of(mix, fault_kind::garble) == 99);
  CHECK(plan.describe() == "all=silence:100 all=bad-crc:25 all=exception:2:100 all=slow:10 all=drop:1 all=garble:99");

  SECTION("an exception with code and percent") {
    REQUIRE(plan.set(fault_target{}, "exception:11:40"));
    const auto m = plan.mix_for("tcp1", 1);
    CHECK(percent_of(m, fault_kind::exception) == 40);
    CHECK(m.exception_code == 11);
  }
  SECTION("setting a kind again for the same target replaces it, percent 0 removes it") {
    REQUIRE(plan.set(fault_target{}, "slow:50"));
    CHECK(percent_of(plan.mix_for("tcp1", 1), fault_kind::slow) == 50);
    CHECK(plan.rules().size() == 6);
    REQUIRE(plan.set(fault_target{}, "slow:0"));
    CHECK(percent_of(plan.mix_for("tcp1", 1), fault_kind::slow) == 0);
    CHECK(plan.rules().size() == 5);
  }
  SECTION("clear removes every rule") {
    plan.clear();
    CHECK(plan.rules().empty());
    CHECK_FALSE(plan.mix_for("tcp1", 1).any());
    CHECK(plan.describe() == "none");
  }
}

TEST_CASE("malformed fault specs are refused and leave the plan as it was") {
  fault_plan plan;
  REQUIRE(plan.set("slow:20"));
  const auto before = plan.describe();
  const char* bad[] = {
    "",              // no kind
    "quiet",         // no such kind
    "Silence",       // kinds are lower case
    "bad_crc",       // the kind is bad-crc
    "silence:",      // a colon without a percent
    "silence:101",   // past 100
    "silence:-5",    // below 0
    "silence:5%",    // a number only
    "slow:10:3",     // only exceptions take two numbers
    "exception",     // an exception needs its code
    "exception:0",   // codes are 1…15 (Mercury statuses are 4 bits)
    "exception:16",  //
    "exception:2:",  // a colon without a percent
    "exception:2:200",
    "exception:x",
  };
  for (const char* spec : bad) {
    INFO(spec);
    CHECK_FALSE(plan.set(fault_target{}, spec));
  }
  CHECK(plan.describe() == before);
}

TEST_CASE("the --fault option: TARGET=KIND:PERCENT, target and percent optional") {
  fault_plan plan;
  CHECK(plan.set("silence:30"));
  CHECK(plan.set("7=exception:3:50"));
  CHECK(plan.set("7@tcp1=drop"));
  CHECK(plan.set("@pty1=bad-crc:20"));
  CHECK(plan.set("all=garble:5"));
  CHECK(plan.describe() == "all=silence:30 7=exception:3:50 7@tcp1=drop:100 @pty1=bad-crc:20 all=garble:5");

  SECTION("bad targets and bad specs are refused") {
    for (const char* option : {"=silence", "x=silence", "256=slow", "@=slow", "7@=slow", "7=", "7=loud", "all=slow:"})
      CHECK_FALSE(plan.set(std::string_view{option}));
    CHECK(plan.rules().size() == 5);
  }
  SECTION("what describe prints sets the same plan again") {
    fault_plan again;
    std::string text = plan.describe();
    for (std::size_t start = 0; start < text.size();) {
      const auto end = std::min(text.find(' ', start), text.size());
      CHECK(again.set(std::string_view{text}.substr(start, end - start)));
      start = end + 1;
    }
    CHECK(again.describe() == plan.describe());
  }
}

TEST_CASE("a device gets the most specific rule of each kind") {
  fault_plan plan;
  REQUIRE(plan.set("all=slow:10"));
  REQUIRE(plan.set("@pty1=slow:20"));
  REQUIRE(plan.set("7=slow:30"));
  REQUIRE(plan.set("7@pty1=slow:40"));
  REQUIRE(plan.set("@pty1=exception:6:50"));
  REQUIRE(plan.set("7=exception:2:60"));

  CHECK(percent_of(plan.mix_for("tcp1", 1), fault_kind::slow) == 10);
  CHECK(percent_of(plan.mix_for("pty1", 1), fault_kind::slow) == 20);
  CHECK(percent_of(plan.mix_for("tcp1", 7), fault_kind::slow) == 30);
  CHECK(percent_of(plan.mix_for("pty1", 7), fault_kind::slow) == 40);

  // Kinds are decided one by one: the exception of unit 7 (rank 2) beats the line's (rank 1), code included.
  const auto seven = plan.mix_for("pty1", 7);
  CHECK(percent_of(seven, fault_kind::exception) == 60);
  CHECK(seven.exception_code == 2);
  const auto other = plan.mix_for("pty1", 8);
  CHECK(percent_of(other, fault_kind::exception) == 50);
  CHECK(other.exception_code == 6);
  CHECK(percent_of(plan.mix_for("tcp1", 8), fault_kind::exception) == 0);

  SECTION("the order the rules came in does not matter") {
    fault_plan reversed;
    for (auto it = plan.rules().rbegin(); it != plan.rules().rend(); ++it) {
      auto spec = std::string{to_string(it->kind)};
      if (it->kind == fault_kind::exception)
        spec += ":" + std::to_string(it->code);
      REQUIRE(reversed.set(it->target, spec + ":" + std::to_string(it->percent)));
    }
    for (const auto& [line, unit] : std::vector<std::pair<std::string, int>>{{"tcp1", 1}, {"pty1", 1}, {"tcp1", 7},
                                                                               {"pty1", 7}, {"pty1", 8}}) {
      const auto a = plan.mix_for(line, static_cast<std::uint8_t>(unit));
      const auto b = reversed.mix_for(line, static_cast<std::uint8_t>(unit));
      CHECK(a.percent == b.percent);
      CHECK(a.exception_code == b.exception_code);
    }
  }
  SECTION("a rule of a more specific target at 0 does not exist: the general one applies") {
    REQUIRE(plan.set("7@pty1=slow:0"));
    CHECK(percent_of(plan.mix_for("pty1", 7), fault_kind::slow) == 30);
  }
  SECTION("SIGUSR1 silences every device, whatever the rules") {
    const auto silenced = plan.mix_for("tcp1", 99, true);
    CHECK(percent_of(silenced, fault_kind::silence) == 100);
    CHECK(percent_of(silenced, fault_kind::slow) == 10);
    CHECK(fault_plan{}.mix_for("x", 1, true).any());
    CHECK_FALSE(fault_plan{}.mix_for("x", 1, false).any());
  }
}

TEST_CASE("rolls: 100 always, 0 never, and drop over silence over the rest") {
  random_source rng{42};
  CHECK_FALSE(roll(fault_mix{}, rng).any());

  const auto all = roll(mix_of({{fault_kind::exception, 100}, {fault_kind::slow, 100}, {fault_kind::bad_crc, 100},
                                {fault_kind::garble, 100}}, 9), rng);
  CHECK(all.exception);
  CHECK(all.exception_code == 9);
  CHECK(all.slow);
  CHECK(all.bad_crc);
  CHECK(all.garble);
  CHECK_FALSE(all.drop);
  CHECK_FALSE(all.silence);
  CHECK(all.describe() == "exception:9 slow bad-crc garble");

  const auto silent = roll(mix_of({{fault_kind::silence, 100}, {fault_kind::exception, 100}, {fault_kind::slow, 100}}),
                           rng);
  CHECK(silent.silence);
  CHECK_FALSE(silent.exception);
  CHECK(silent.exception_code == 0);
  CHECK_FALSE(silent.slow);
  CHECK(silent.describe() == "silence");

  const auto dropped = roll(mix_of({{fault_kind::drop, 100}, {fault_kind::silence, 100}, {fault_kind::garble, 100}}),
                            rng);
  CHECK(dropped.drop);
  CHECK_FALSE(dropped.silence);
  CHECK_FALSE(dropped.garble);
  CHECK(dropped.describe() == "drop");
}

TEST_CASE("rolls with a fixed seed: the same decisions again, close to the percent asked for") {
  const auto mix = mix_of({{fault_kind::slow, 30}, {fault_kind::exception, 5}});
  random_source a{2026}, b{2026};
  int slow = 0, exception = 0;
  constexpr int n = 20'000;
  for (int i = 0; i < n; ++i) {
    const auto x = roll(mix, a), y = roll(mix, b);
    REQUIRE(x.slow == y.slow);
    REQUIRE(x.exception == y.exception);
    slow += x.slow;
    exception += x.exception;
  }
  CHECK(slow == Approx(0.30 * n).margin(0.02 * n));
  CHECK(exception == Approx(0.05 * n).margin(0.01 * n));

  SECTION("another kind switched on does not move this kind's sequence") {
    random_source c{2026}, d{2026};
    const auto more = mix_of({{fault_kind::slow, 30}, {fault_kind::exception, 5}, {fault_kind::garble, 50},
                              {fault_kind::bad_crc, 20}});
    for (int i = 0; i < 1000; ++i) {
      const auto x = roll(mix, c), y = roll(more, d);
      REQUIRE(x.slow == y.slow);
      REQUIRE(x.exception == y.exception);
    }
  }
}

TEST_CASE("corrupting an RTU answer: bad-crc flips the CRC's low byte, garble one byte before it") {
  random_source rng{5};
  const auto good = rtu_answer();
  REQUIRE(crc_checks(good));

  SECTION("nothing decided, nothing changed") {
    auto frame = good;
    corrupt(frame, fault_decision{}, true, rng);
    CHECK(frame == good);
  }
  SECTION("bad-crc") {
    auto frame = good;
    fault_decision d;
    d.bad_crc = true;
    corrupt(frame, d, true, rng);
    REQUIRE(frame.size() == good.size());
    CHECK(std::equal(good.begin(), good.end() - 2, frame.begin()));
    CHECK(frame[frame.size() - 2] == (good[good.size() - 2] ^ 0xFF));
    CHECK(frame.back() == good.back());
    CHECK_FALSE(crc_checks(frame));
  }
  SECTION("garble, many seeds: exactly one byte between the address and the CRC, so the CRC catches it") {
    fault_decision d;
    d.garble = true;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
      random_source r{seed};
      auto frame = good;
      corrupt(frame, d, true, r);
      REQUIRE(frame.size() == good.size());
      std::vector<std::size_t> changed;
      for (std::size_t i = 0; i < frame.size(); ++i)
        if (frame[i] != good[i])
          changed.push_back(i);
      REQUIRE(changed.size() == 1);
      CHECK(changed[0] >= 1);
      CHECK(changed[0] < frame.size() - 2);
      CHECK_FALSE(crc_checks(frame));
    }
  }
  SECTION("the same seed garbles the same way") {
    fault_decision d;
    d.garble = true;
    random_source r1{77}, r2{77};
    auto f1 = good, f2 = good;
    corrupt(f1, d, true, r1);
    corrupt(f2, d, true, r2);
    CHECK(f1 == f2);
  }
  SECTION("frames too short to corrupt stay as they are") {
    fault_decision d;
    d.garble = d.bad_crc = true;
    std::vector<std::uint8_t> two{0x01, 0x02};
    corrupt(two, d, true, rng);
    CHECK(two == std::vector<std::uint8_t>{0x01, 0x02});
  }
}

TEST_CASE("corrupting a Modbus TCP answer: garble after the MBAP header, bad-crc does nothing") {
  const std::vector<std::uint8_t> good{0x00, 0x01, 0x00, 0x00, 0x00, 0x05, 0x01, 0x03, 0x02, 0x12, 0x34};
  SECTION("bad-crc: TCP has no CRC") {
    random_source rng{1};
    auto frame = good;
    fault_decision d;
    d.bad_crc = true;
    corrupt(frame, d, false, rng);
    CHECK(frame == good);
  }
  SECTION("garble never touches the header") {
    fault_decision d;
    d.garble = true;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
      random_source rng{seed};
      auto frame = good;
      corrupt(frame, d, false, rng);
      CHECK(std::equal(good.begin(), good.begin() + 7, frame.begin()));
      int changed = 0;
      for (std::size_t i = 7; i < frame.size(); ++i)
        changed += frame[i] != good[i];
      CHECK(changed == 1);
    }
  }
}

TEST_CASE("fault kinds print as the command line writes them") {
  CHECK(std::string{to_string(fault_kind::silence)} == "silence");
  CHECK(std::string{to_string(fault_kind::bad_crc)} == "bad-crc");
  CHECK(std::string{to_string(fault_kind::exception)} == "exception");
  CHECK(std::string{to_string(fault_kind::slow)} == "slow");
  CHECK(std::string{to_string(fault_kind::drop)} == "drop");
  CHECK(std::string{to_string(fault_kind::garble)} == "garble");
}

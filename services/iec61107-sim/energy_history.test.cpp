#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "energy_history.hpp"
#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::iec61107sim;
using namespace meterhub::iec61107sim::test;

namespace {

using counters = std::array<long long, 5>;

counters counters_of(const std::string& value) {
  const auto parts = split(value);
  REQUIRE(parts.size() == 5);
  counters out{};
  for (std::size_t i = 0; i < 5; ++i)
    out[i] = wh_of(parts[i]);
  return out;
}

std::vector<int> profile_of(const std::string& value) {
  std::vector<int> out;
  for (const auto& p : split(value)) {
    REQUIRE(p.size() == 5);
    out.push_back(std::stoi(p));
  }
  return out;
}

/// Four tariffs, a season change on 04-01, weekday/Saturday/Sunday schedules and a special day 04-10 (a Wednesday).
setup_options four_tariffs() {
  std::string special_days = "0B.00.00*FF:041004";
  for (int i = 0; i < 31; ++i)
    special_days += ",000000";
  setup_options o;
  o.seed = 42;
  o.session_timeout = 365 * seconds_per_day; // the tests read across hours in one session
  o.overrides = {
    "0A.02.64*FF:000002,080001,200002,000000,000000,000000,000000,000000",
    "0A.03.64*FF:100004,000003,000000,000000,000000,000000,000000,000000",
    "0A.04.64*FF:071503,220004,000000,000000,000000,000000,000000,000000", // no midnight entry: T4 carries over
    "0D.00.00*FF:0101010101,0401020304,1001010101,0000000000,0000000000,0000000000,0000000000,0000000000,"
    "0000000000,0000000000,0000000000,0000000000",
    special_days,
  };
  return o;
}

/// The tariff the spec's §7 algorithm gives for the intervals of 2024-04-01 … 2024-04-14 under four_tariffs(),
/// worked out by hand: weekdays schedule 2, Saturdays 3, Sundays and 04-10 schedule 4.
unsigned expected_tariff(int april_day, int slot) {
  const int minute = slot * 30;
  const int weekday = april_day % 7; // 2024-04-07 and 04-14 are Sundays: 0 = Sunday
  const bool schedule4 = weekday == 0 || april_day == 10;
  if (schedule4)
    return minute >= 435 && minute < 1320 ? 3 : 4; // the 07:00 interval starts before 07:15: still T4
  if (weekday == 6)
    return minute < 600 ? 3 : 4;
  return minute >= 480 && minute < 1200 ? 1 : 2;
}

} // namespace

TEST_CASE("interval powers are even multiples of 20 W and follow the seed") {
  for (std::int64_t k = 0; k < 2000; ++k) {
    const int w = interval_power_w(7, 900'000 + k);
    CHECK(w % 20 == 0);
    CHECK(w >= 20);
    CHECK(w < 10'000);
  }
  CHECK(interval_power_w(7, 950'000) == interval_power_w(7, 950'000));
  int differ = 0;
  for (std::int64_t k = 0; k < 48; ++k)
    differ += interval_power_w(7, 950'000 + k) != interval_power_w(8, 950'000 + k);
  CHECK(differ > 24);
}

TEST_CASE("start-of-day archives agree with the load profile per tariff, exactly, over two weeks") {
  auto model = make_model(four_tariffs());
  line l{model};
  l.open();
  CHECK(l.read("000802FF") == "02"); // the 04-01 season is in force
  for (int nn = 1; nn <= 13; ++nn) {
    const int april_day = 14 - nn;
    const auto start = counters_of(l.read(fmt::format("0F8080{:02X}", nn)));
    const auto next = counters_of(l.read(fmt::format("0F8080{:02X}", nn - 1)));
    const auto profile = profile_of(l.read(fmt::format("630100{:02X}", nn)));
    REQUIRE(profile.size() == 48);
    counters expected{};
    for (int k = 0; k < 48; ++k) {
      CHECK(profile[k] % 2 == 0);
      expected[0] += profile[k] / 2;
      expected[expected_tariff(april_day, k)] += profile[k] / 2;
    }
    INFO("2024-04-" << april_day);
    for (std::size_t t = 0; t < 5; ++t)
      CHECK(next[t] - start[t] == expected[t]);
    CHECK(start[0] == start[1] + start[2] + start[3] + start[4]);
  }
}

TEST_CASE("the factory tables split day and night, holidays are night all day") {
  setup_options o;
  o.seed = 3;
  o.session_timeout = 365 * seconds_per_day;
  auto model = make_model(o);
  line l{model};
  const local_seconds jan3 = from_civil({2024, 1, 3, 8, 0, 0});
  l.open({}, "00000000", jan3);
  for (int nn = 1; nn <= 2; ++nn) { // 01-01 is a special day on schedule 2, 01-02 an ordinary Tuesday
    const auto start = counters_of(l.read(fmt::format("0F8080{:02X}", nn), jan3));
    const auto next = counters_of(l.read(fmt::format("0F8080{:02X}", nn - 1), jan3));
    const auto profile = profile_of(l.read(fmt::format("630100{:02X}", nn), jan3));
    long long day = 0, night = 0;
    for (int k = 0; k < 48; ++k)
      (nn == 1 && k >= 14 && k < 46 ? day : night) += profile[k] / 2;
    CHECK(next[1] - start[1] == day);
    CHECK(next[2] - start[2] == night);
    CHECK(next[3] == start[3]);
  }
}

TEST_CASE("today's profile holds the finished intervals only, and the counters follow them") {
  auto model = make_model(four_tariffs());
  line l{model};
  l.open();
  const auto at_ten = profile_of(l.read("63010000"));
  for (int k = 0; k < 48; ++k)
    CHECK((at_ten[k] != 0) == (k < 20));
  CHECK(profile_of(l.read("63010000", april_14_10am + 1799))[20] == 0);
  const auto later = profile_of(l.read("63010000", april_14_10am + 1800));
  CHECK(later[20] != 0);
  CHECK(std::equal(at_ten.begin(), at_ten.begin() + 20, later.begin()));

  const auto midnight = counters_of(l.read("0F808000"));
  auto expected = midnight;
  for (int k = 0; k < 20; ++k) {
    expected[0] += at_ten[k] / 2;
    expected[expected_tariff(14, k)] += at_ten[k] / 2;
  }
  CHECK(counters_of(l.read("0F0880FF")) == expected);
  // A quarter into the 10:00 interval (T3 on a Sunday): P × 0.25 h more, shown to the 10 Wh.
  const auto quarter = counters_of(l.read("0F0880FF", april_14_10am + 900));
  CHECK(quarter[3] - expected[3] == later[20] / 4 / 10 * 10);
  CHECK(quarter[0] - expected[0] == later[20] / 4 / 10 * 10);
  CHECK(quarter[1] == expected[1]);
}

TEST_CASE("the current energy rises with time and the total is the sum of the tariffs") {
  auto model = make_model(four_tariffs());
  line l{model};
  l.open();
  counters previous{};
  for (local_seconds t = april_14_10am - 6 * 3600; t < april_14_10am + 18 * 3600; t += 397) {
    const auto now = counters_of(l.read("0F0880FF", t));
    CHECK(now[0] == now[1] + now[2] + now[3] + now[4]);
    for (std::size_t i = 0; i < 5; ++i)
      CHECK(now[i] >= previous[i]);
    previous = now;
  }
}

TEST_CASE("month archives are the start of the month's first day, before installation nothing moves") {
  setup_options o = four_tariffs();
  auto model = make_model(o);
  line l{model};
  l.open();
  CHECK(l.read("0F088000") == l.read("0F80800D"));  // 04-01: 13 days before 04-14
  CHECK(l.read("0F088001") == l.read("0F80802C"));  // 03-01: 44 days before
  o.installed_day = from_civil({2024, 4, 10, 0, 0, 0}) / seconds_per_day;
  auto fresh = make_model(o);
  line f{fresh};
  f.open();
  CHECK(f.read("0F808005") == f.read("0F808004")); // 04-09 saw no load
  std::string no_load = "00000";
  for (int i = 0; i < 47; ++i)
    no_load += ",00000";
  CHECK(f.read("63010005") == no_load);
  CHECK(f.read("0F808003") != f.read("0F808004"));
}

TEST_CASE("a tariff table write re-splits energy from the meter's now on, never the past") {
  auto model = make_model(four_tariffs());
  line l{model};
  l.open();
  std::vector<std::string> archives;
  for (int nn = 0; nn < 6; ++nn)
    archives.push_back(l.read(fmt::format("0F8080{:02X}", nn)));
  const auto before = counters_of(l.read("0F0880FF"));
  CHECK(l.write("0A0464FF", "000001,000000,000000,000000,000000,000000,000000,000000") == hex("06"));
  CHECK(counters_of(l.read("0F0880FF")) == before);
  for (int nn = 0; nn < 6; ++nn)
    CHECK(l.read(fmt::format("0F8080{:02X}", nn)) == archives[static_cast<std::size_t>(nn)]);
  const auto after = counters_of(l.read("0F0880FF", april_14_10am + 1800));
  const auto profile = profile_of(l.read("63010000", april_14_10am + 1800));
  CHECK(after[1] - before[1] == profile[20] / 2); // the 10:00 interval now counts in T1
  CHECK(after[3] == before[3]);
}

TEST_CASE("maximum demand is the largest half-hour power of the month, per tariff") {
  auto model = make_model(four_tariffs());
  line l{model};
  l.open();
  std::array<int, 5> expected{};
  for (int nn = 0; nn <= 13; ++nn) {
    const auto profile = profile_of(l.read(fmt::format("630100{:02X}", nn)));
    for (int k = 0; k < 48; ++k) {
      expected[0] = std::max(expected[0], profile[k]);
      if (profile[k] > 0)
        expected[expected_tariff(14 - nn, k)] = std::max(expected[expected_tariff(14 - nn, k)], profile[k]);
    }
  }
  const auto maxima = split(l.read("0F0680FF"));
  REQUIRE(maxima.size() == 5);
  for (std::size_t i = 0; i < 5; ++i)
    CHECK(maxima[i] == fmt::format("{:02}.{:03}0", expected[i] / 1000, expected[i] % 1000));
  CHECK(split(l.read("0F068000")).size() == 5); // March
}

TEST_CASE("the same seed gives the same meter, meters on one line differ") {
  setup_options o;
  o.meters = {"1", "2"};
  auto a = make_model(o), b = make_model(o);
  for (const register_address r : {0x0F0880FFu, 0x63010003u, 0x200700FFu, 0x600100FFu})
    CHECK(a.meters()[0].read(r, april_14_10am).value() == b.meters()[0].read(r, april_14_10am).value());
  CHECK(a.meters()[0].read(0x63010003, april_14_10am).value() !=
        a.meters()[1].read(0x63010003, april_14_10am).value());
}

#include <catch2/catch.hpp>

#include <cmath>

#include "meterhub/um40/generator.hpp"

using namespace meterhub::um40;

namespace {

// 2026-11-23 14:37:42 UTC, a Monday; 17:37:42 in Moscow (UTC+3)
constexpr std::int64_t now = 1'795'444'662;

generation of(const char* type, int count) {
  return {find_record_type(type), count, 1001, now, std::chrono::minutes{180}, 30};
}

bool has_decimals(double v, int decimals) {
  const double scaled = v * std::pow(10.0, decimals);
  return std::abs(scaled - std::round(scaled)) < 1e-6;
}

} // namespace

TEST_CASE("timestamps step back from the newest record as the reference generator does") {
  std::mt19937_64 rng(1);
  const std::int64_t moscow_midnight = 1'795'381'200; // 2026-11-23 00:00 +03:00
  CHECK(timestamps(of("ElMomentEnergy", 3), rng) == std::vector<std::int64_t>{now - 42 - 600, now - 42 - 300, now - 42});
  CHECK(timestamps(of("ElDayEnergy", 2), rng) == std::vector<std::int64_t>{moscow_midnight - 86400, moscow_midnight});
  CHECK(timestamps(of("ElDayConsEnergy", 1), rng) == std::vector<std::int64_t>{moscow_midnight - 86400});
  const std::int64_t nov1 = 1'793'480'400, oct1 = 1'790'802'000, sep1 = 1'788'210'000; // 00:00 +03:00
  CHECK(timestamps(of("ElMonthEnergy", 2), rng) == std::vector<std::int64_t>{oct1, nov1});
  CHECK(timestamps(of("ElMonthConsEnergy", 2), rng) == std::vector<std::int64_t>{sep1, oct1});
  const std::int64_t half_hour = now - (now % 1800);
  CHECK(timestamps(of("ElArr1ConsPower", 2), rng) == std::vector<std::int64_t>{half_hour - 1800, half_hour});
  auto journal = timestamps(of("ElJrnlOpen", 3), rng);
  REQUIRE(journal.size() == 3);
  CHECK(journal[2] == now);
  const auto step = journal[2] - journal[1];
  CHECK(step >= 86400);
  CHECK(step <= 86400 + 3600);
  CHECK(step % 60 == 0);
  CHECK(journal[1] - journal[0] == step);
}

TEST_CASE("a month back from January is December of the year before") {
  std::mt19937_64 rng(1);
  generation g{find_record_type("ElMonthEnergy"), 2, 1001, 1'767'312'000, std::chrono::minutes{0}, 30}; // 2026-01-02
  CHECK(timestamps(g, rng) == std::vector<std::int64_t>{1'764'547'200, 1'767'225'600}); // 2025-12-01, 2026-01-01
}

TEST_CASE("values fall in the reference generator's ranges with its decimals") {
  std::mt19937_64 rng(7);
  for (const auto& r : generate(of("ElMomentEnergy", 20), rng)) {
    REQUIRE(r.values.size() == 20);
    for (const auto& [tag, v] : r.values) {
      const double d = std::get<double>(v);
      CHECK(d >= 111.111);
      CHECK(d <= 999.999);
      CHECK(has_decimals(d, 3));
    }
  }
  for (const auto& r : generate(of("ElMomentQuality", 20), rng)) {
    const double ang = std::get<double>(r.values.at("AngBC")), f = std::get<double>(r.values.at("Freq"));
    CHECK(std::abs(ang) <= 99.99);
    CHECK(has_decimals(ang, 4));
    CHECK(f >= 11.11);
    CHECK(f <= 99.99);
    CHECK(has_decimals(f, 2));
  }
  for (const auto& r : generate(of("ElArr1ConsPower", 20), rng)) {
    CHECK(r.values.at("cTime") == value{std::int64_t{30}});
    CHECK(std::abs(std::get<double>(r.values.at("Q-"))) <= 99.99);
    const auto part = std::get<std::int64_t>(r.values.at("isPart"));
    CHECK((part == 0 || part == 1));
  }
}

TEST_CASE("journals number their events and fix the event where the reference generator does") {
  std::mt19937_64 rng(3);
  auto volts = generate(of("ElJrnlLimUBMin", 4), rng);
  for (std::size_t i = 0; i < volts.size(); ++i) {
    CHECK(volts[i].values.at("eventId") == value{static_cast<std::int64_t>(i)});
    CHECK(volts[i].values.at("event") == value{std::int64_t{1}});
  }
  for (const auto& r : generate(of("ElJrnlUnAyth", 3), rng))
    CHECK(r.values.at("event") == value{std::int64_t{0}});
}

TEST_CASE("configs and meters look like the reference generator's") {
  std::mt19937_64 rng(5);
  auto config = generate(of("ElConfig", 1), rng);
  REQUIRE(config.size() == 1);
  CHECK(config[0].values.at("serial") == value{std::string{"0000001001"}});
  CHECK(config[0].values.at("cArrays") == value{std::int64_t{30}});
  CHECK(config[0].timestamp >= 1'500'000'000);
  CHECK(config[0].timestamp <= 1'609'459'200);
  const double ki = std::get<double>(config[0].values.at("kI"));
  CHECK(ki >= 11.11);
  CHECK(has_decimals(ki, 2));
  auto dig = generate(of("DigConfig", 1), rng);
  CHECK(dig[0].values.at("chnlOut") == value{std::int64_t{32}});
  auto m = generate_meter(1001, rng);
  CHECK(m.interface_name.substr(0, 5) == "Iface");
  CHECK(m.read_password == "373737373737");
}

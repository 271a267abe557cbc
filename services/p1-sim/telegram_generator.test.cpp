#include "telegram_generator.hpp"

#include <catch2/catch.hpp>

#include "meterhub/core/time.hpp"
#include "meterhub/dsmr/framer.hpp"
#include "meterhub/dsmr/readings.hpp"

using namespace meterhub;
using namespace meterhub::p1sim;

namespace {

std::vector<reading> decode(const std::string& body, dsmr::time_zone zone = dsmr::time_zone::eu_central()) {
  const auto text = dsmr::finish_telegram(body);
  auto t = dsmr::parse_telegram(text);
  REQUIRE(t);
  REQUIRE(t->crc == dsmr::crc_status::valid);
  REQUIRE(t->warnings == 0);
  return dsmr::to_readings(*t, {zone, 0});
}

double value_of(const std::vector<reading>& rs, const std::string& q) {
  for (const auto& r : rs)
    if (r.quantity == q)
      return *r.value;
  FAIL("no " << q);
  return 0;
}

} // namespace

TEST_CASE("DSMR 5 telegrams parse cleanly, phases sum to the total and registers never go back") {
  const auto start = *parse_iso8601("2024-06-03T10:00:00Z");
  telegram_generator gen{profile::dsmr5, 42, start, "E0043007123456719"};
  double last_import = 0;
  for (int i = 0; i < 120; ++i) {
    const auto now = start + i * 10'000;
    auto rs = decode(gen.next_body(now));
    CHECK(rs.front().time_ms == now);
    const double total = value_of(rs, "1-0:1.8.1") + value_of(rs, "1-0:1.8.2");
    CHECK(total >= last_import);
    last_import = total;
    const double phases = value_of(rs, "1-0:21.7.0") + value_of(rs, "1-0:41.7.0") + value_of(rs, "1-0:61.7.0");
    CHECK(std::abs(phases - value_of(rs, "1-0:1.7.0")) <= 3.0); // rounding of four 3-decimal kW values
    CHECK(value_of(rs, "1-0:32.7.0") > 215);
    CHECK(value_of(rs, "1-0:32.7.0") < 245);
  }
  CHECK(gen.import_wh() > 0);
}

TEST_CASE("the same seed gives the same telegrams, the tariff follows the clock") {
  const auto monday_noon = *parse_iso8601("2024-06-03T10:00:00Z");
  telegram_generator a{profile::dsmr5, 7, monday_noon, "X1"};
  telegram_generator b{profile::dsmr5, 7, monday_noon, "X1"};
  CHECK(a.next_body(monday_noon + 1000) == b.next_body(monday_noon + 1000));
  auto day = decode(a.next_body(monday_noon + 2000));
  CHECK(value_of(day, "0-0:96.14.0") == 2);
  auto night = decode(a.next_body(*parse_iso8601("2024-06-03T22:30:00Z")));
  CHECK(value_of(night, "0-0:96.14.0") == 1);
}

TEST_CASE("T211 telegrams are Nordic HAN on standard time") {
  const auto start = *parse_iso8601("2024-06-03T10:00:00Z");
  telegram_generator gen{profile::t211, 1, start, "7359992890941742"};
  const auto text = dsmr::finish_telegram(gen.next_body(start));
  auto t = dsmr::parse_telegram(text);
  REQUIRE(t);
  CHECK(t->kind == dsmr::dialect::han);
  auto rs = dsmr::to_readings(*t, {dsmr::time_zone::fixed(60), 0});
  CHECK(rs.front().time_ms == start);
  CHECK(value_of(rs, "1-0:3.8.0") > 0);
}

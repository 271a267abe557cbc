#include <catch2/catch.hpp>

#include "meterhub/service/schedule.hpp"

using namespace meterhub::service;
using namespace std::chrono_literals;

TEST_CASE("a healthy meter stays on its grid and does not catch up in bursts", "[schedule]") {
  poll_schedule m;
  m.next_due_ms = 60'000;
  m.succeeded(60'500, 60s);
  CHECK(m.next_due_ms == 120'000);
  m.succeeded(250'000, 60s); // the line was busy for two periods
  CHECK(m.next_due_ms == 310'000);
}

TEST_CASE("a failing meter backs off, doubling up to the cap, and recovers at once", "[schedule]") {
  poll_schedule m;
  CHECK(m.failed(0, 60s, 15min) == 60s);
  CHECK(m.failed(0, 60s, 15min) == 120s);
  CHECK(m.failed(0, 60s, 15min) == 240s);
  for (int i = 0; i < 10; ++i)
    m.failed(0, 60s, 15min);
  CHECK(m.failed(1000, 60s, 15min) == 15min);
  CHECK(m.next_due_ms == 1000 + 900'000);
  m.succeeded(2000, 60s);
  CHECK(m.failures_in_row == 0);
  CHECK(m.failed(0, 60s, 15min) == 60s);
}

TEST_CASE("the earliest due meter goes first, a backed-off meter does not starve the others", "[schedule]") {
  std::vector<poll_schedule> line(3);
  line[0].next_due_ms = 500;
  line[1].next_due_ms = 100;
  line[2].next_due_ms = 900;
  CHECK(next_due(line, 600) == 1u);
  CHECK(next_due(line, 50) == std::nullopt);
  CHECK(until_next_due(line, 50) == 50ms);
  line[1].failed(600, 60s, 15min);
  CHECK(next_due(line, 600) == 0u);
}

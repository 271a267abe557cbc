#include "meterhub/profiles/counters.hpp"

#include <catch2/catch.hpp>

using meterhub::profiles::counter_state;
using meterhub::profiles::counter_tracker;

TEST_CASE("a counter's first value is taken as it is and rises continue the count") {
  counter_tracker t;
  auto first = t.update(3, 1000, 65536);
  CHECK(first.count == 1000);
  CHECK_FALSE(first.restarted);
  CHECK(t.update(3, 1000, 65536).count == 1000);
  CHECK(t.update(3, 2000, 65536).count == 2000);
  CHECK(t.states().at(3).last_raw == 2000);
  CHECK(t.states().at(3).base == 0);
}

TEST_CASE("a wrap adds the modulus, several wraps add it each time") {
  counter_tracker t;
  t.update(0, 65530, 65536);
  CHECK(t.update(0, 4, 65536).count == 65540);
  CHECK(t.update(0, 40000, 65536).count == 65536 + 40000);
  CHECK(t.update(0, 65535, 65536).count == 65536 + 65535);
  auto second = t.update(0, 0, 65536);
  CHECK(second.count == 2 * 65536.0);
  CHECK_FALSE(second.restarted);
}

TEST_CASE("the wrap is plausible up to half the range forward, beyond that the count restarts") {
  counter_tracker t;
  t.update(0, 40000, 65536);
  // forward across the wrap: 65536 - 40000 + 7232 = 32768, exactly half
  auto wrap = t.update(0, 7232, 65536);
  CHECK_FALSE(wrap.restarted);
  CHECK(wrap.count == 65536 + 7232);
  counter_tracker u;
  u.update(0, 40000, 65536);
  // 65536 - 40000 + 7233 = 32769: more than half the range in one poll, taken as a reset
  auto reset = u.update(0, 7233, 65536);
  CHECK(reset.restarted);
  CHECK(reset.count == 7233);
  CHECK(u.states().at(0).base == 0);
}

TEST_CASE("signed counters wrap from their maximum to their minimum") {
  counter_tracker t;
  t.update(1, 32767, 65536);
  auto wrapped = t.update(1, -32768, 65536);
  CHECK_FALSE(wrapped.restarted);
  CHECK(wrapped.count == 32768);
}

TEST_CASE("counters are kept per register and restore from saved state") {
  counter_tracker t;
  t.update(1, 100, 65536);
  t.update(2, 60000, 65536);
  CHECK(t.update(1, 200, 65536).count == 200);
  CHECK(t.update(2, 100, 65536).count == 65636);
  counter_tracker restored;
  restored.restore(2, t.states().at(2));
  CHECK(restored.update(2, 150, 65536).count == 65686);
  restored.restore(5, counter_state{65000, 3 * 65536.0});
  CHECK(restored.update(5, 10, 65536).count == 4 * 65536.0 + 10);
}

TEST_CASE("32-bit counters wrap at 2^32") {
  counter_tracker t;
  const double wrap = 4294967296.0;
  t.update(0, 4294967000.0, wrap);
  CHECK(t.update(0, 500, wrap).count == wrap + 500);
}

#include <catch2/catch.hpp>

#include "meterhub/modbus/value.hpp"

using namespace meterhub::modbus;

TEST_CASE("scaling turns raw counts into SI values") {
  CHECK(apply(2301, {0.1, 0}) == 230.1); // divided by 10, not multiplied by 0.1 (230.10000000000002)
  CHECK(apply(2301, {1, 0}, -1) == 230.1);
  CHECK(apply(-5, {0.01, 0}) == -0.05);
  CHECK(apply(123456, {0.001, 0}) == 123.456);
  CHECK(apply(123, {1, 0}, 2) == 12300);
  CHECK(apply(5, {2, 1}) == 11);
  CHECK(apply(5, {2, 1}, 1) == 101);
  CHECK(apply(7, {0.3, 0}) == 7 * 0.3); // 1/0.3 is no whole number: multiplied
  CHECK(apply(3, {0.25, 0}) == 0.75);
  CHECK(apply(1500, {1, -40}, -1) == 110);
  CHECK(apply(42, {}) == 42);
}

TEST_CASE("unapply is the inverse of apply") {
  CHECK(unapply(230.1, {0.1, 0}) == 2301);
  CHECK(unapply(230.1, {1, 0}, -1) == 2301);
  CHECK(unapply(11, {2, 1}) == 5);
  CHECK(unapply(101, {2, 1}, 1) == 5);
  CHECK(unapply(12300, {1, 0}, 2) == 123);
  CHECK(unapply(110, {1, -40}, -1) == 1500);
  for (double raw : {0.0, 1.0, -1.0, 2301.0, 65535.0, -32768.0, 123456789.0})
    for (scaling s : {scaling{0.1, 0}, scaling{0.01, 5}, scaling{10, 0}, scaling{0.5, -3}, scaling{1, 0}})
      for (int e : {-3, -1, 0, 2})
        CHECK(unapply(apply(raw, s, e), s, e) == Approx(raw).margin(1e-6));
}

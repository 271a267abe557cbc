#include "meterhub/modbus/planner.hpp"

#include <algorithm>
#include <random>
#include <tuple>

#include <catch2/catch.hpp>

using namespace meterhub::modbus;

namespace {

using ids = std::vector<std::size_t>;

register_ref ref(std::uint16_t address, std::uint16_t count, std::size_t id, table t = table::holding,
                 std::uint8_t unit = 1) {
  return {unit, t, address, count, id};
}

/// A request as a comparable tuple: unit, table, address, count, ids.
auto as_tuple(const read_request& r) {
  return std::make_tuple(r.unit_id, r.table, r.address, r.count, r.ids);
}

bool is(const read_request& r, std::uint16_t address, std::uint16_t count, const ids& covered,
        table t = table::holding, std::uint8_t unit = 1) {
  return as_tuple(r) == std::make_tuple(unit, t, address, count, covered);
}

request_limits limits(std::uint16_t max_registers, std::uint16_t max_gap = 0) {
  request_limits l;
  l.max_registers = max_registers;
  l.max_gap = max_gap;
  return l;
}

} // namespace

TEST_CASE("nothing wanted, nothing read") {
  CHECK(plan_reads({}, {}).empty());
}

TEST_CASE("adjacent values share a read") {
  auto plan = plan_reads({ref(2, 2, 1), ref(0, 2, 0), ref(4, 1, 2)}, limits(125));
  REQUIRE(plan.size() == 1);
  CHECK(is(plan[0], 0, 5, {0, 1, 2}));
}

TEST_CASE("gaps are bridged up to max_gap registers") {
  std::vector<register_ref> wanted{ref(0, 2, 0), ref(3, 1, 1)};
  auto apart = plan_reads(wanted, limits(125, 0));
  REQUIRE(apart.size() == 2);
  CHECK(is(apart[0], 0, 2, {0}));
  CHECK(is(apart[1], 3, 1, {1}));
  auto bridged = plan_reads(wanted, limits(125, 1));
  REQUIRE(bridged.size() == 1);
  CHECK(is(bridged[0], 0, 4, {0, 1}));
  auto too_far = plan_reads({ref(0, 2, 0), ref(4, 1, 1)}, limits(125, 1));
  CHECK(too_far.size() == 2);
}

TEST_CASE("a request holds at most max_registers, exactly the limit included") {
  auto full = plan_reads({ref(0, 5, 0), ref(5, 5, 1), ref(10, 1, 2)}, limits(10));
  REQUIRE(full.size() == 2);
  CHECK(is(full[0], 0, 10, {0, 1}));
  CHECK(is(full[1], 10, 1, {2}));
  auto with_gap = plan_reads({ref(0, 5, 0), ref(8, 2, 1)}, limits(10, 3));
  REQUIRE(with_gap.size() == 1);
  CHECK(is(with_gap[0], 0, 10, {0, 1}));
  auto one_over = plan_reads({ref(0, 5, 0), ref(9, 2, 1)}, limits(10, 4));
  REQUIRE(one_over.size() == 2);
  CHECK(is(one_over[1], 9, 2, {1}));
  auto many = std::vector<register_ref>{};
  for (std::uint16_t a = 0; a < 250; a += 2)
    many.push_back(ref(a, 2, a));
  auto plan = plan_reads(many, {});
  REQUIRE(plan.size() == 3);
  CHECK(plan[0].address == 0);
  CHECK(plan[0].count == 124); // 125 would cut the value at 124..125 in two
  CHECK(plan[1].address == 124);
  CHECK(plan[1].count == 124);
  CHECK(is(plan[2], 248, 2, {248}));
}

TEST_CASE("a value wider than the limit gets a request of its own") {
  auto plan = plan_reads({ref(0, 20, 1), ref(5, 1, 2), ref(20, 1, 3), ref(100, 30, 4)}, limits(10, 50));
  REQUIRE(plan.size() == 3);
  CHECK(is(plan[0], 0, 20, {1, 2})); // a value inside the wide one shares its read
  CHECK(is(plan[1], 20, 1, {3}));
  CHECK(is(plan[2], 100, 30, {4}));
}

TEST_CASE("a request never spans a boundary") {
  auto l = limits(125, 10);
  l.boundaries = {100};
  auto plan = plan_reads({ref(98, 2, 0), ref(100, 2, 1), ref(102, 2, 2)}, l);
  REQUIRE(plan.size() == 2);
  CHECK(is(plan[0], 98, 2, {0}));
  CHECK(is(plan[1], 100, 4, {1, 2})); // a request may start at the boundary
  auto gap = plan_reads({ref(90, 2, 0), ref(105, 2, 1)}, limits(125, 20));
  CHECK(gap.size() == 1);
  auto blocked = plan_reads({ref(90, 2, 0), ref(105, 2, 1)}, l);
  CHECK(blocked.size() == 2);
  // A value that itself spans the boundary is read alone.
  auto spanning = plan_reads({ref(97, 1, 0), ref(99, 2, 1), ref(101, 1, 2)}, l);
  REQUIRE(spanning.size() == 3);
  CHECK(is(spanning[1], 99, 2, {1}));
}

TEST_CASE("forbidden ranges are never read, not even to bridge a gap") {
  auto l = limits(125, 20);
  l.forbidden = {{10, 19}};
  auto plan = plan_reads({ref(8, 2, 0), ref(20, 2, 1)}, l);
  REQUIRE(plan.size() == 2);
  CHECK(is(plan[0], 8, 2, {0}));
  CHECK(is(plan[1], 20, 2, {1}));
  CHECK(plan_reads({ref(8, 2, 0), ref(20, 2, 1)}, limits(125, 20)).size() == 1);
  l.forbidden = {{10, 10}};
  CHECK(plan_reads({ref(8, 2, 0), ref(11, 1, 1)}, l).size() == 2);
  CHECK(plan_reads({ref(11, 1, 0), ref(12, 1, 1)}, l).size() == 1);
  l.forbidden = {{0, 0}, {30, 40}};
  CHECK(plan_reads({ref(1, 2, 0), ref(20, 2, 1), ref(29, 1, 2)}, l).size() == 1);
}

TEST_CASE("duplicates and overlapping values share a read") {
  auto wide_first = plan_reads({ref(5, 1, 1), ref(5, 6, 2)}, limits(3));
  REQUIRE(wide_first.size() == 1);
  CHECK(is(wide_first[0], 5, 6, {2, 1}));
  auto dup = plan_reads({ref(5, 2, 2), ref(5, 2, 1)}, limits(125));
  REQUIRE(dup.size() == 1);
  CHECK(is(dup[0], 5, 2, {1, 2}));
  auto overlap = plan_reads({ref(6, 2, 2), ref(5, 2, 1)}, limits(125));
  REQUIRE(overlap.size() == 1);
  CHECK(is(overlap[0], 5, 3, {1, 2}));
  auto nested = plan_reads({ref(3, 2, 2), ref(0, 10, 1)}, limits(125));
  REQUIRE(nested.size() == 1);
  CHECK(is(nested[0], 0, 10, {1, 2}));
  // Overlapping but too long together: the second read overlaps the first.
  auto split = plan_reads({ref(0, 4, 1), ref(2, 4, 2)}, limits(5));
  REQUIRE(split.size() == 2);
  CHECK(is(split[1], 2, 4, {2}));
}

TEST_CASE("units and tables are planned apart, in order") {
  auto plan = plan_reads({ref(0, 1, 0, table::holding, 2), ref(1, 1, 1, table::input), ref(0, 1, 2),
                          ref(0, 1, 3, table::coil), ref(1, 1, 4, table::discrete_input), ref(1, 1, 5)},
                         limits(125));
  REQUIRE(plan.size() == 5);
  CHECK(is(plan[0], 0, 1, {3}, table::coil));
  CHECK(is(plan[1], 1, 1, {4}, table::discrete_input));
  CHECK(is(plan[2], 0, 2, {2, 5}, table::holding));
  CHECK(is(plan[3], 1, 1, {1}, table::input));
  CHECK(is(plan[4], 0, 1, {0}, table::holding, 2));
}

TEST_CASE("bit tables use max_bits") {
  request_limits l;
  l.max_registers = 10;
  l.max_bits = 2000;
  l.max_gap = 2000;
  auto plan = plan_reads({ref(0, 1, 0, table::coil), ref(1999, 1, 1, table::coil)}, l);
  REQUIRE(plan.size() == 1);
  CHECK(is(plan[0], 0, 2000, {0, 1}, table::coil));
  CHECK(plan_reads({ref(0, 1, 0, table::discrete_input), ref(2000, 1, 1, table::discrete_input)}, l).size() == 2);
  CHECK(plan_reads({ref(0, 1, 0), ref(10, 1, 1)}, l).size() == 2);
}

TEST_CASE("the top of the address space and a count of 0") {
  auto top = plan_reads({ref(65535, 1, 0), ref(65534, 1, 1)}, limits(125));
  REQUIRE(top.size() == 1);
  CHECK(is(top[0], 65534, 2, {1, 0}));
  auto zero = plan_reads({ref(7, 0, 0)}, limits(125));
  REQUIRE(zero.size() == 1);
  CHECK(is(zero[0], 7, 1, {0}));
}

TEST_CASE("the plan does not depend on the order values are listed in") {
  std::vector<register_ref> wanted;
  std::mt19937 rng{3};
  for (std::size_t i = 0; i < 300; ++i)
    wanted.push_back(ref(static_cast<std::uint16_t>(rng() % 1000), static_cast<std::uint16_t>(1 + rng() % 4), i,
                         static_cast<table>(1 + rng() % 4), static_cast<std::uint8_t>(1 + rng() % 3)));
  auto l = limits(30, 3);
  l.boundaries = {256, 512};
  l.forbidden = {{700, 720}};
  auto first = plan_reads(wanted, l);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(wanted.begin(), wanted.end(), rng);
    auto again = plan_reads(wanted, l);
    REQUIRE(again.size() == first.size());
    for (std::size_t i = 0; i < first.size(); ++i)
      REQUIRE(as_tuple(again[i]) == as_tuple(first[i]));
  }
}

TEST_CASE("random plans keep every rule") {
  std::mt19937 rng{5};
  for (int round = 0; round < 300; ++round) {
    auto l = limits(static_cast<std::uint16_t>(1 + rng() % 40), static_cast<std::uint16_t>(rng() % 6));
    l.max_bits = static_cast<std::uint16_t>(1 + rng() % 80);
    l.boundaries = {static_cast<std::uint16_t>(rng() % 200)};
    auto f = static_cast<std::uint16_t>(rng() % 200);
    l.forbidden = {{f, static_cast<std::uint16_t>(f + rng() % 5)}};
    std::vector<register_ref> wanted;
    for (std::size_t i = 0; i < 60; ++i)
      wanted.push_back(ref(static_cast<std::uint16_t>(rng() % 200), static_cast<std::uint16_t>(1 + rng() % 6), i,
                           static_cast<table>(1 + rng() % 4), static_cast<std::uint8_t>(1 + rng() % 2)));
    auto plan = plan_reads(wanted, l);
    std::vector<int> seen(wanted.size(), 0);
    for (std::size_t k = 0; k < plan.size(); ++k) {
      const auto& r = plan[k];
      if (k > 0)
        REQUIRE(std::tie(plan[k - 1].unit_id, plan[k - 1].table, plan[k - 1].address)
                < std::tie(r.unit_id, r.table, r.address));
      std::uint32_t first = r.address, end = first + r.count;
      // A request that is just its first value (and values inside it) may break the rules: it cannot be split.
      bool alone = r.count == wanted[r.ids[0]].count;
      auto max = is_bit_table(r.table) ? l.max_bits : l.max_registers;
      REQUIRE((r.count <= max || alone));
      REQUIRE((!(l.boundaries[0] > first && l.boundaries[0] < end) || alone));
      REQUIRE((!(l.forbidden[0].first < end && l.forbidden[0].second >= first) || alone));
      for (auto id : r.ids) {
        ++seen[id];
        auto s = slice_of(r, wanted[id]);
        REQUIRE(s.count == wanted[id].count);
        REQUIRE(s.offset + s.count <= r.count);
      }
    }
    REQUIRE(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
  }
}

TEST_CASE("a value's slice of its request's reply") {
  read_request r{1, table::holding, 10, 10, {}};
  CHECK(slice_of(r, ref(10, 2, 0)).offset == 0);
  CHECK(slice_of(r, ref(12, 2, 0)).offset == 2);
  CHECK(slice_of(r, ref(12, 2, 0)).count == 2);
  CHECK(slice_of(r, ref(18, 2, 0)).offset == 8);
  CHECK(slice_of(r, ref(18, 2, 0)).count == 2);
  CHECK(slice_of(r, ref(19, 2, 0)).count == 0);
  CHECK(slice_of(r, ref(9, 2, 0)).count == 0);
  CHECK(slice_of(r, ref(12, 2, 0, table::input)).count == 0);
  CHECK(slice_of(r, ref(12, 2, 0, table::holding, 2)).count == 0);
  CHECK(slice_of(r, ref(15, 0, 0)).count == 1);
}

#include "meterhub/bus/sequence.hpp"

#include <random>

#include <catch2/catch.hpp>

using meterhub::bus::sequence_allocator;

TEST_CASE("sequence numbers keep increasing across restarts") {
  auto file = std::filesystem::temp_directory_path() / ("mh-seq-" + std::to_string(std::random_device{}()));
  std::uint64_t last = 0;
  {
    auto seq = sequence_allocator::open(file, 4);
    REQUIRE(seq);
    for (int i = 0; i < 10; ++i) {
      auto n = (*seq)->next();
      REQUIRE(n);
      CHECK(*n > last);
      last = *n;
    }
  }
  auto seq = sequence_allocator::open(file, 4);
  REQUIRE(seq);
  auto n = (*seq)->next();
  REQUIRE(n);
  CHECK(*n > last);
  std::filesystem::remove(file);
}

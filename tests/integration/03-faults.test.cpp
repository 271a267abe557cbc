// Nothing lost, nothing duplicated: a broker outage and a storage crash in the middle of the stream.
#include <algorithm>
#include <thread>

#include <catch2/catch.hpp>

#include "platform.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

const std::string device = "p1-e0043007123456719";

/// The first few keys of `expected` missing from `stored` (both sorted), for a failure message.
std::string missing_keys(const std::vector<reading_key>& expected, const std::vector<reading_key>& stored) {
  std::string out;
  int shown = 0;
  for (const auto& k : expected)
    if (!std::binary_search(stored.begin(), stored.end(), k) && shown++ < 5)
      out += " " + std::get<0>(k) + "@" + std::to_string(std::get<1>(k));
  return out;
}

void check_complete(platform& p) {
  const auto expected = unique_keys(keys_of(p.sent_readings()));
  std::vector<reading_key> stored;
  const bool all = testing::eventually([&] { return (stored = p.stored(device)).size() >= expected.size(); }, 60s);
  std::sort(stored.begin(), stored.end());
  INFO("stored " << stored.size() << " of " << expected.size() << "; missing:" << missing_keys(expected, stored));
  REQUIRE(all);
  CHECK(stored.size() == expected.size()); // a duplicate would make it larger, a loss smaller
  CHECK(stored == expected);
}

} // namespace

TEST_CASE("broker stopped for 30 s mid-stream and restarted: nothing lost, nothing duplicated") {
  platform p;
  p.start_storage();
  p.start_gateway();
  p.start_sim({"--interval", "100ms", "--clock-step", "10s", "--count", "420", "--seed", "5"});
  p.start_p1();
  std::this_thread::sleep_for(5s);
  p.broker().stop();
  std::this_thread::sleep_for(30s);
  p.broker().start();
  REQUIRE(p.sim().wait_exit(60s));
  REQUIRE(p.sent_telegrams(true) >= 400);
  check_complete(p);
}

TEST_CASE("storage killed with SIGKILL and restarted: nothing lost, nothing duplicated") {
  platform p;
  p.start_storage();
  p.start_gateway();
  p.start_sim({"--interval", "30ms", "--clock-step", "10s", "--count", "400", "--seed", "9"});
  p.start_p1();
  std::this_thread::sleep_for(3s);
  p.kill_storage();
  std::this_thread::sleep_for(2s);
  p.start_storage();
  std::this_thread::sleep_for(2s);
  p.kill_storage(); // twice, the second time while it catches up
  p.start_storage();
  REQUIRE(p.sim().wait_exit(60s));
  check_complete(p);
}

#include "meterhub/bus/disk_queue.hpp"

#include <fstream>
#include <random>

#include <catch2/catch.hpp>

using meterhub::bus::disk_queue;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir() {
  static std::mt19937_64 rng{std::random_device{}()};
  auto dir = fs::temp_directory_path() / ("mh-dq-" + std::to_string(rng()));
  fs::remove_all(dir);
  return dir;
}

std::unique_ptr<disk_queue> open_queue(const fs::path& dir, disk_queue::limits lim = {}) {
  auto q = disk_queue::open(dir, lim);
  REQUIRE(q);
  return std::move(*q);
}

std::string next_data(disk_queue& q) {
  auto rec = q.read_next();
  REQUIRE(rec);
  REQUIRE(rec->has_value());
  return (*rec)->data;
}

} // namespace

TEST_CASE("records come out in order and acknowledged ones are not replayed") {
  auto dir = fresh_dir();
  auto q = open_queue(dir);
  for (int i = 0; i < 5; ++i)
    REQUIRE(*q->push("r" + std::to_string(i)) == static_cast<std::uint64_t>(i));
  CHECK(q->pending() == 5);
  CHECK(next_data(*q) == "r0");
  CHECK(next_data(*q) == "r1");
  q->ack(0);
  q->ack(1);
  q->rewind();
  CHECK(next_data(*q) == "r2");
  CHECK(q->pending() == 3);
  fs::remove_all(dir);
}

TEST_CASE("out-of-order acknowledgements advance the head only over a contiguous run") {
  auto dir = fresh_dir();
  auto q = open_queue(dir);
  for (int i = 0; i < 4; ++i)
    REQUIRE(q->push("x"));
  q->ack(2);
  q->ack(1);
  CHECK(q->head() == 0);
  CHECK(q->pending() == 2);
  q->ack(0);
  CHECK(q->head() == 3);
  fs::remove_all(dir);
}

TEST_CASE("after a rewind, records acknowledged out of order are not handed out again") {
  auto dir = fresh_dir();
  auto q = open_queue(dir);
  for (int i = 0; i < 5; ++i)
    REQUIRE(q->push("r" + std::to_string(i)));
  for (int i = 0; i < 5; ++i)
    next_data(*q);
  q->ack(1);
  q->ack(3);
  q->rewind(); // to record 0, the oldest unacknowledged
  CHECK(next_data(*q) == "r0");
  CHECK(next_data(*q) == "r2");
  CHECK(next_data(*q) == "r4");
  auto end = q->read_next();
  REQUIRE(end);
  CHECK_FALSE(end->has_value());
  fs::remove_all(dir);
}

TEST_CASE("unacknowledged records survive reopening") {
  auto dir = fresh_dir();
  {
    auto q = open_queue(dir);
    REQUIRE(q->push("kept-0"));
    REQUIRE(q->push("kept-1"));
    REQUIRE(q->push("kept-2"));
    q->ack(0);
  }
  auto q = open_queue(dir);
  CHECK(q->pending() == 2);
  CHECK(next_data(*q) == "kept-1");
  CHECK(next_data(*q) == "kept-2");
  CHECK(*q->push("after") == 3);
  fs::remove_all(dir);
}

TEST_CASE("a torn last record left by a crash is cut off") {
  auto dir = fresh_dir();
  {
    auto q = open_queue(dir);
    REQUIRE(q->push("whole"));
  }
  fs::path seg;
  for (auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".seg")
      seg = e.path();
  {
    std::ofstream out(seg, std::ios::binary | std::ios::app);
    out.write("\x20\x00\x00\x00\x01\x02", 6); // a header promising 32 bytes, then nothing
  }
  auto q = open_queue(dir);
  CHECK(q->pending() == 1);
  CHECK(next_data(*q) == "whole");
  CHECK(*q->push("next") == 1);
  q->rewind();
  CHECK(next_data(*q) == "whole");
  CHECK(next_data(*q) == "next");
  fs::remove_all(dir);
}

TEST_CASE("segments roll over, done segments are deleted, a full queue drops the oldest and counts it") {
  auto dir = fresh_dir();
  auto q = open_queue(dir, {1000, 200});
  const std::string payload(92, 'p'); // 100 bytes with its header: two records per segment
  for (int i = 0; i < 20; ++i)
    REQUIRE(q->push(payload));
  CHECK(q->bytes() <= 1000);
  CHECK(q->dropped() >= 10);
  CHECK(q->pending() == 20 - q->dropped());
  auto rec = q->read_next();
  REQUIRE(rec);
  REQUIRE(rec->has_value());
  CHECK((*rec)->id == q->dropped());
  for (std::uint64_t id = q->head(); id < 20; ++id)
    q->ack(id);
  CHECK(q->pending() == 0);
  int files = 0;
  for (auto& e : fs::directory_iterator(dir))
    files += e.path().extension() == ".seg";
  CHECK(files == 1);
  CHECK_FALSE(q->push(std::string(300, 'x'))); // larger than a segment
  fs::remove_all(dir);
}

TEST_CASE("a reader crossing into a segment that is already fuller than the one it left reads from its start") {
  auto dir = fresh_dir();
  auto q = open_queue(dir, {1 << 20, 100});
  // Segment 1 ends at 90 bytes (two 45-byte records: a third would not fit in 100); the reader reads them
  // both and waits at the boundary. Segment 2 then fills to 99 bytes, past 90, before the reader moves on.
  const std::string a(37, 'a'), b(37, 'b');
  REQUIRE(q->push(a));
  REQUIRE(q->push(b));
  CHECK(next_data(*q) == a);
  CHECK(next_data(*q) == b);
  const std::vector<std::string> later{std::string(25, 'c'), std::string(25, 'd'), std::string(25, 'e')};
  for (const auto& r : later)
    REQUIRE(q->push(r));
  for (const auto& r : later)
    CHECK(next_data(*q) == r);
  auto end = q->read_next();
  REQUIRE(end);
  CHECK_FALSE(end->has_value());
}

TEST_CASE("a record whose length or checksum is wrong is reported, not handed out") {
  auto dir = fresh_dir();
  {
    auto q = open_queue(dir);
    REQUIRE(q->push("first"));
    REQUIRE(q->push("second"));
  }
  auto q = open_queue(dir);
  // Corrupt the second record's bytes behind the queue's back (after the scan that would have cut it off).
  std::fstream f(dir / "00000000000000000000.seg", std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(8 + 5 + 8);
  f.write("X", 1);
  f.close();
  CHECK(next_data(*q) == "first");
  auto bad = q->read_next();
  CHECK_FALSE(bad);
  CHECK(q->dropped() == 1);
  REQUIRE(q->push("third")); // the queue goes on after the damage
  CHECK(next_data(*q) == "third");
}

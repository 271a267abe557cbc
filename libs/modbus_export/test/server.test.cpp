// The server over real loopback TCP with libmodbus clients: concurrent readers while values change, every
// encoding on the wire, exceptions for reads outside the map and unknown units, refused and mapped writes.
#include <atomic>
#include <bit>
#include <thread>

#include "meterhub/core/error.hpp"
#include "meterhub/testing/process.hpp"
#include "server_fixture.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using namespace meterhub::modbus_export::test;
using namespace std::chrono_literals;
using meterhub::testing::eventually;

TEST_CASE("eight clients read at once while batches change the values", "[server]") {
  running_export ex;
  constexpr int clients = 8;
  constexpr int reads_each = 150;
  std::atomic<bool> done{false};
  std::thread feeder{[&] {
    // Power (W, f32) and voltage (V, u16 in tenths) come in one batch, power k W and voltage k/10 V, so register
    // 4 holds k too: a read showing registers of two different batches shows power ≠ register 4.
    for (int k = 1; !done; ++k) {
      const int v = std::min(k, 60'000);
      ex.image->apply(batch_of("meter-1", {at("1-0:1.7.0", v), at("1-0:32.7.0", v / 10.0)}), t0);
      std::this_thread::sleep_for(200us);
    }
  }};
  std::atomic<int> good_reads{0}, torn{0}, backwards{0}, changes{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < clients; ++i)
    readers.emplace_back([&] {
      client c{ex.port()};
      if (!c.connected())
        return;
      float last = -1;
      for (int n = 0; n < reads_each; ++n) {
        auto regs = c.holding(0, 5);
        if (regs.size() != 5)
          continue;
        ++good_reads;
        const float power = modbus_get_float_abcd(regs.data());
        if (power != static_cast<float>(regs[4]))
          ++torn;
        if (power < last)
          ++backwards;
        if (power != last)
          ++changes;
        last = power;
      }
    });
  for (auto& r : readers)
    r.join();
  done = true;
  feeder.join();
  CHECK(good_reads == clients * reads_each);
  CHECK(torn == 0);
  CHECK(backwards == 0);
  CHECK(changes > clients * 10); // the values moved between reads
  auto stats = ex.srv->stats();
  CHECK(stats.accepted == clients);
  CHECK(stats.reads == clients * reads_each);
  CHECK(stats.requests == clients * reads_each);
}

TEST_CASE("reads show values, quality, age, heartbeat and scaled integers", "[server]") {
  running_export ex;
  ex.image->apply(batch_of("meter-1", {at("1-0:1.7.0", 1530.5), at("1-0:32.7.0", 230.1), at("1-0:1.8.0", 42'123'456)}),
                  t0 + 500);
  const double pi = 3.141592653589793;
  ex.image->apply(batch_of("meter-2", {at("1-0:1.7.0", -12.25), at("1-0:1.8.0", -7), at("1-0:31.7.0", pi)}), t0 + 500);
  ex.image->tick(t0 + 4'200);
  client c{ex.port()};
  REQUIRE(c.connected());
  auto one = c.holding(0, 10);
  REQUIRE(one.size() == 10);
  CHECK(modbus_get_float_abcd(one.data()) == 1530.5f);
  CHECK(one[2] == 0);    // good
  CHECK(one[3] == 4);    // seconds since the reading
  CHECK(one[4] == 2301); // tenths
  CHECK(one[9] == 4);    // heartbeat: 4 s since the start
  CHECK(c.input(0, 2) == std::vector<std::uint16_t>{42123 & 0xFFFF, 42123 >> 16});
  c.unit(2);
  auto two = c.holding(0, 2);
  REQUIRE(two.size() == 2);
  CHECK(modbus_get_float_cdab(two.data()) == -12.25f);
  auto s32 = c.input(10, 2);
  REQUIRE(s32.size() == 2);
  CHECK(static_cast<std::int32_t>((std::uint32_t{s32[0]} << 16) | s32[1]) == -7);
  auto f64 = c.holding(100, 4);
  REQUIRE(f64.size() == 4);
  std::uint64_t bits = 0;
  for (auto w : f64)
    bits = (bits << 16) | w;
  CHECK(std::bit_cast<double>(bits) == pi);
}

TEST_CASE("reads outside the blocks, of bit tables and of unknown units get exceptions", "[server]") {
  running_export ex;
  client c{ex.port()};
  REQUIRE(c.connected());
  CHECK(c.holding(9, 13).empty()); // 9..20 is one block, 21 is outside
  CHECK(errno == EMBXILADD);
  CHECK(c.input(2, 1).empty());
  CHECK(errno == EMBXILADD);
  std::uint8_t bits[4];
  CHECK(modbus_read_bits(c.ctx(), 3, 1, bits) == -1);
  CHECK(errno == EMBXILFUN);
  c.unit(9);
  CHECK(c.holding(0, 1).empty());
  CHECK(errno == EMBXGTAR);
  c.unit(1);
  CHECK(c.holding(5, 4) == std::vector<std::uint16_t>{0, 0, 0, 0}); // a gap inside the block reads as 0
  auto stats = ex.srv->stats();
  CHECK(stats.exceptions[0x02] == 2);
  CHECK(stats.exceptions[0x01] == 1);
  CHECK(stats.exceptions[0x0B] == 1);
  CHECK(stats.reads == 1);
}

TEST_CASE("writes are refused unless mapped, and mapped ones reach the handler", "[server]") {
  running_export ex;
  client c{ex.port()};
  REQUIRE(c.connected());
  CHECK(modbus_write_register(c.ctx(), 0, 5) == -1); // a value register
  CHECK(errno == EMBXILADD);
  CHECK(ex.seen_writes().empty());
  CHECK(modbus_write_register(c.ctx(), 20, 2301) == 1);
  REQUIRE(ex.seen_writes().size() == 1);
  const auto w = ex.seen_writes()[0];
  CHECK(w.unit_id == 1);
  CHECK(w.device == "meter-1");
  CHECK(w.target == "limit");
  CHECK(w.table == table::holding);
  CHECK(w.address == 20);
  CHECK(w.words == std::vector<std::uint16_t>{2301});
  CHECK(w.value == Approx(230.1));
  CHECK(c.holding(20, 1) == std::vector<std::uint16_t>{2301}); // read back
  const std::uint16_t two[] = {1, 2};
  CHECK(modbus_write_registers(c.ctx(), 20, 2, two) == -1); // covers more than the command
  CHECK(errno == EMBXILADD);
  CHECK(modbus_write_bit(c.ctx(), 3, 1) == 1);
  REQUIRE(ex.seen_writes().size() == 2);
  CHECK(ex.seen_writes()[1].target == "breaker");
  CHECK(ex.seen_writes()[1].value == 1.0);
  const std::uint8_t off[] = {0};
  CHECK(modbus_write_bits(c.ctx(), 3, 1, off) == 1);
  CHECK(ex.seen_writes()[2].value == 0.0);
  ex.accept_writes = false;
  CHECK(modbus_write_register(c.ctx(), 20, 7) == -1);
  CHECK(errno == EMBXSFAIL);
  CHECK(c.holding(20, 1) == std::vector<std::uint16_t>{2301}); // a refused write is not held
  c.unit(2);
  CHECK(modbus_write_register(c.ctx(), 0, 1) == -1); // unit 2 has no command at all
  CHECK(errno == EMBXILFUN);
  auto stats = ex.srv->stats();
  CHECK(stats.writes == 3);
  CHECK(stats.exceptions[0x04] == 1);
  CHECK(stats.exceptions[0x02] == 2);
  CHECK(stats.exceptions[0x01] == 1);
}

TEST_CASE("without a write handler every mapped write is refused", "[server]") {
  auto layout = export_layout::make(sample_map());
  REQUIRE(layout);
  auto image = std::make_shared<shared_image>(register_image{std::make_shared<const export_layout>(*layout), t0});
  server_settings settings;
  settings.port = 0;
  auto srv = server::start(settings, image);
  REQUIRE(srv);
  client c{(*srv)->port()};
  REQUIRE(c.connected());
  CHECK(modbus_write_register(c.ctx(), 20, 1) == -1);
  CHECK(errno == EMBXSFAIL);
}


// Cutting a shared RTU line into frames: Modbus units and Mercury meters side by side, frames split across reads,
// garbage before a frame, and frames whose CRC does not check.
#include <catch2/catch.hpp>

#include "meterhub/mercury/request.hpp"
#include "meterhub/modbus/frame.hpp"
#include "rtu_reader.hpp"

using namespace meterhub;
using namespace meterhub::modbus_sim;

namespace {

using bytes = std::vector<std::uint8_t>;

/// Mercury meters at 30 and 31 on the line.
std::bitset<256> mercury_at_30_31() {
  std::bitset<256> b;
  b.set(30);
  b.set(31);
  return b;
}

bytes modbus_read(std::uint8_t unit, std::uint16_t address = 0x33, std::uint16_t count = 2) {
  modbus::request r;
  r.unit_id = unit;
  r.function = modbus::function_code::read_holding_registers;
  r.address = address;
  r.count = count;
  auto frame = modbus::encode_request(r, modbus::framing::rtu);
  REQUIRE(frame);
  return *frame;
}

bytes modbus_write(std::uint8_t unit, std::vector<std::uint16_t> values) {
  modbus::request r;
  r.unit_id = unit;
  r.function = modbus::function_code::write_multiple_registers;
  r.address = 0x300;
  r.count = static_cast<std::uint16_t>(values.size());
  r.values = std::move(values);
  auto frame = modbus::encode_request(r, modbus::framing::rtu);
  REQUIRE(frame);
  return *frame;
}

bytes mercury_request(std::uint8_t address, const mercury::request& r) {
  auto frame = mercury::encode_request(address, r);
  REQUIRE(frame);
  return *frame;
}

bytes concat(std::initializer_list<bytes> parts) {
  bytes out;
  for (const auto& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

/// Every frame the reader gives for the bytes buffered now.
std::vector<rtu_frame> drain(rtu_reader& reader) {
  std::vector<rtu_frame> out;
  while (auto f = reader.next())
    out.push_back(std::move(*f));
  return out;
}

} // namespace

TEST_CASE("Modbus and Mercury frames on one line come out one by one, each marked") {
  const auto open = mercury_request(30, mercury::open_channel{mercury::access_level::user, {1, 1, 1, 1, 1, 1}});
  const auto clock = mercury_request(31, mercury::set_time{mercury::meter_time{5, 4, 3, 1, 2, 3, 26, true}});
  const auto energy = mercury_request(30, mercury::read_energy{mercury::energy_array::month, 3, 1});
  const auto read = modbus_read(3);
  const auto write = modbus_write(16, {1, 2, 3, 4, 5});
  const auto stream = concat({read, open, write, clock, energy, modbus_read(1, 0, 1)});

  rtu_reader reader{mercury_at_30_31()};
  reader.feed(stream);
  const auto frames = drain(reader);
  REQUIRE(frames.size() == 6);
  CHECK(frames[0].bytes == read);
  CHECK_FALSE(frames[0].mercury);
  CHECK(frames[1].bytes == open);
  CHECK(frames[1].mercury);
  CHECK(frames[2].bytes == write);
  CHECK_FALSE(frames[2].mercury);
  CHECK(frames[3].bytes == clock); // 13 bytes, the longest Mercury request
  CHECK(frames[3].bytes.size() == 13);
  CHECK(frames[3].mercury);
  CHECK(frames[4].bytes == energy);
  CHECK(frames[4].mercury);
  CHECK(frames[5].bytes == modbus_read(1, 0, 1));
  CHECK(reader.buffered() == 0);
  CHECK(reader.dropped() == 0);
}

TEST_CASE("frames split across reads come out when their last byte arrives") {
  const auto stream = concat({mercury_request(30, mercury::test_link{}), modbus_write(2, {7, 8, 9}),
                              mercury_request(31, mercury::read_info{mercury::info_kind::serial}), modbus_read(5),
                              mercury_request(30, mercury::read_aux{mercury::aux_format::all_short, 0x11})});
  const std::vector<std::size_t> ends{4, 4 + 15, 4 + 15 + 5, 4 + 15 + 5 + 8, stream.size()};

  SECTION("byte by byte") {
    rtu_reader reader{mercury_at_30_31()};
    std::vector<std::size_t> completed_at;
    for (std::size_t i = 0; i < stream.size(); ++i) {
      reader.feed(std::span{stream}.subspan(i, 1));
      for (auto f = reader.next(); f; f = reader.next())
        completed_at.push_back(i + 1);
    }
    CHECK(completed_at == ends);
    CHECK(reader.dropped() == 0);
  }
  SECTION("in chunks of every size, the same frames") {
    rtu_reader whole{mercury_at_30_31()};
    whole.feed(stream);
    const auto expected = drain(whole);
    REQUIRE(expected.size() == 5);
    for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
      INFO("chunk " << chunk);
      rtu_reader reader{mercury_at_30_31()};
      std::vector<rtu_frame> got;
      for (std::size_t i = 0; i < stream.size(); i += chunk) {
        reader.feed(std::span{stream}.subspan(i, std::min(chunk, stream.size() - i)));
        for (auto& f : drain(reader))
          got.push_back(std::move(f));
      }
      REQUIRE(got.size() == expected.size());
      for (std::size_t k = 0; k < got.size(); ++k) {
        CHECK(got[k].bytes == expected[k].bytes);
        CHECK(got[k].mercury == expected[k].mercury);
      }
      CHECK(reader.buffered() == 0);
    }
  }
}

TEST_CASE("garbage before a frame is dropped a byte at a time until a frame starts") {
  const bytes noise{0xFF, 0x00, 0xFE, 0x55, 0xAA, 0x81};
  SECTION("before a Modbus frame") {
    rtu_reader reader{mercury_at_30_31()};
    reader.feed(concat({noise, modbus_read(4)}));
    const auto frames = drain(reader);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].bytes == modbus_read(4));
    CHECK(reader.dropped() == noise.size());
    CHECK(reader.buffered() == 0);
  }
  SECTION("before a Mercury frame") {
    rtu_reader reader{mercury_at_30_31()};
    const auto request = mercury_request(31, mercury::read_time{});
    reader.feed(concat({noise, request, modbus_read(4)}));
    const auto frames = drain(reader);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].bytes == request);
    CHECK(frames[0].mercury);
    CHECK(frames[1].bytes == modbus_read(4));
    CHECK(reader.dropped() == noise.size());
  }
  SECTION("a stray Mercury address: the longest Mercury request's length that starts no frame gives it up") {
    rtu_reader reader{mercury_at_30_31()};
    reader.feed(bytes{30, 0x13, 0x37});
    CHECK_FALSE(reader.next()); // it may still become a frame
    reader.feed(modbus_read(4));
    CHECK_FALSE(reader.next()); // 11 bytes: still shorter than a set-clock request
    reader.feed(modbus_read(5));
    const auto frames = drain(reader);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].bytes == modbus_read(4));
    CHECK(frames[1].bytes == modbus_read(5));
    CHECK(reader.dropped() == 3);
  }
}

TEST_CASE("a frame whose CRC does not check is never taken") {
  SECTION("alone, it waits for more until the line's silence drops it") {
    auto broken = modbus_read(3);
    broken.back() ^= 0x01;
    rtu_reader reader{mercury_at_30_31()};
    reader.feed(broken);
    CHECK_FALSE(reader.next());
    CHECK(reader.buffered() == broken.size());
    CHECK(reader.silence() == broken.size());
    CHECK(reader.buffered() == 0);
    CHECK(reader.dropped() == broken.size());
    CHECK_FALSE(reader.next());
  }
  SECTION("a broken Modbus frame, then the silence, then a good one") {
    auto broken = modbus_read(3);
    broken[3] ^= 0x40;
    rtu_reader reader{mercury_at_30_31()};
    reader.feed(broken);
    CHECK_FALSE(reader.next());
    CHECK(reader.silence() == broken.size());
    reader.feed(modbus_read(7));
    const auto frames = drain(reader);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].bytes == modbus_read(7));
    CHECK(reader.dropped() == broken.size());
  }
  SECTION("a broken Mercury frame, then the silence, then the retry") {
    auto broken = mercury_request(30, mercury::test_link{});
    broken[2] ^= 0x10;
    rtu_reader reader{mercury_at_30_31()};
    reader.feed(broken);
    CHECK_FALSE(reader.next());
    CHECK(reader.silence() == 4);
    reader.feed(mercury_request(30, mercury::test_link{}));
    const auto frames = drain(reader);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].mercury);
    CHECK(frames[0].bytes == mercury_request(30, mercury::test_link{}));
  }
  SECTION("the silence ends an incomplete frame; the next one is read from its start") {
    const auto read = modbus_read(9);
    rtu_reader reader{mercury_at_30_31()};
    reader.feed(std::span{read}.first(5));
    CHECK_FALSE(reader.next());
    CHECK(reader.silence() == 5);
    reader.feed(read);
    const auto frames = drain(reader);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].bytes == read);
  }
}

TEST_CASE("a Mercury frame the codec does not know is still a frame when its CRC checks") {
  const std::vector<std::uint8_t> body{0x07, 0x42};
  const auto unknown = mercury::seal(30, body); // command 07: not in the codec, the meter answers status 1
  rtu_reader reader{mercury_at_30_31()};
  reader.feed(unknown);
  const auto frames = drain(reader);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].bytes == unknown);
  CHECK(frames[0].mercury);
}

TEST_CASE("without Mercury addresses every frame is Modbus, and the buffer keeps at most max_buffer bytes") {
  rtu_reader reader;
  reader.feed(mercury_request(30, mercury::test_link{}));
  CHECK_FALSE(reader.next()); // 1E 00 …: not a Modbus frame, and nothing after it to prove it
  CHECK(reader.silence() == 4);

  const bytes flood(rtu_reader::max_buffer + 100, 0xFF);
  reader.feed(flood);
  CHECK(reader.buffered() <= rtu_reader::max_buffer);
  CHECK(reader.dropped() >= 4 + 100);
}

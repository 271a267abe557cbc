#include "meterhub/modbus/splitter.hpp"

#include <random>

#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace meterhub;
using namespace meterhub::modbus;
using test::hex;

namespace {

using bytes = std::vector<std::uint8_t>;

std::vector<stream_item> drain(frame_splitter& splitter) {
  std::vector<stream_item> items;
  while (auto item = splitter.next())
    items.push_back(std::move(*item));
  return items;
}

std::vector<stream_item> split_all(const bytes& capture, framing f) {
  frame_splitter splitter{f};
  splitter.feed(capture);
  auto items = drain(splitter);
  splitter.finish();
  auto rest = drain(splitter);
  items.insert(items.end(), rest.begin(), rest.end());
  return items;
}

/// The frame lines of a clean capture come out one by one, requests and responses in turn.
void check_clean(const std::string& file, framing f) {
  auto text = test::data_file(file);
  auto frames = test::lines_of(text);
  auto items = split_all(hex(text), f);
  REQUIRE(items.size() == frames.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    INFO(file << " frame " << i);
    CHECK(items[i].is_frame());
    CHECK(items[i].bytes == frames[i]);
    CHECK(items[i].direction == (i % 2 == 0 ? direction::request : direction::response));
  }
}

/// What a noisy capture must split into: frame or skipped run, bytes, direction, reason (for skipped runs).
struct expected_item {
  std::size_t line; ///< the hex file's frame line it is (skipped runs: the first line)
  std::size_t size; ///< bytes
  direction dir;
  std::string detail; ///< skipped runs: the error's description
};

void check_noisy(const std::string& file, framing f, const std::vector<expected_item>& expected) {
  auto text = test::data_file(file);
  auto lines = test::lines_of(text);
  auto items = split_all(hex(text), f);
  REQUIRE(items.size() == expected.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    INFO(file << " item " << i);
    CHECK(items[i].bytes.size() == expected[i].size);
    CHECK(items[i].direction == expected[i].dir);
    if (expected[i].detail.empty()) {
      CHECK(items[i].is_frame());
      CHECK(items[i].bytes == lines[expected[i].line]);
    } else {
      CHECK_FALSE(items[i].is_frame());
      CHECK(describe(items[i].error) == expected[i].detail);
      CHECK(std::equal(items[i].bytes.begin(), items[i].bytes.end(), lines[expected[i].line].begin()));
    }
  }
}

constexpr auto rq = direction::request;
constexpr auto rs = direction::response;
constexpr auto none = direction::unknown;

} // namespace

TEST_CASE("a clean RTU capture splits into its frames") {
  check_clean("libmodbus-rtu.hex", framing::rtu);
}

TEST_CASE("a clean TCP capture splits into its frames") {
  check_clean("libmodbus-tcp.hex", framing::tcp);
}

TEST_CASE("a noisy RTU capture: noise, a bad CRC, a stray byte and a cut end are skipped, the frames kept") {
  check_noisy("rtu-noisy.hex", framing::rtu,
              {
                {0, 3, none, "modbus: bad_frame: 3 bytes skipped: no frame starts here (address above 247)"},
                {1, 8, rq, ""},
                {2, 8, rs, ""}, // as long as a read request: a response because it follows one
                {3, 8, rq, ""},
                {4, 8, rs, ""},
                {5, 8, rq, ""},
                {6, 11, none, "modbus: bad_frame: 11 bytes skipped: CRC mismatch"},
                {7, 8, rq, ""},
                {8, 7, rs, ""},
                {9, 1, none, "modbus: bad_frame: 1 bytes skipped: no frame starts here (unknown function code)"},
                {10, 8, rq, ""},
                {11, 8, rs, ""},
                {12, 8, rq, ""},
                {13, 8, rs, ""},
                {14, 11, rq, ""},
                {15, 8, rs, ""},
                {16, 13, rq, ""},
                {17, 8, rs, ""},
                {18, 8, rq, ""},
                {19, 4, none, "modbus: bad_frame: 4 bytes skipped: truncated frame"},
              });
}

TEST_CASE("a noisy TCP capture: noise, a bad protocol id, a bad length and a cut end are skipped") {
  check_noisy("tcp-noisy.hex", framing::tcp,
              {
                {0, 2, none, "modbus: bad_frame: 2 bytes skipped: no frame starts here (MBAP protocol id not 0)"},
                {1, 12, rq, ""},
                {2, 12, rs, ""},
                {3, 12, rq, ""},
                {4, 12, rs, ""},
                {5, 12, none, "modbus: bad_frame: 12 bytes skipped: no frame starts here (MBAP protocol id not 0)"},
                {6, 15, rs, ""},
                {7, 13, none,
                 "modbus: bad_frame: 13 bytes skipped: no frame starts here (PDU length does not fit its function)"},
                {8, 11, rs, ""},
                {9, 12, rq, ""},
                {10, 12, rs, ""},
                {11, 12, rq, ""},
                {12, 12, rs, ""},
                {13, 15, rq, ""},
                {14, 12, rs, ""},
                {15, 17, rq, ""},
                {16, 12, rs, ""},
                {17, 12, rq, ""},
                {18, 8, none, "modbus: bad_frame: 8 bytes skipped: truncated frame"},
              });
}

TEST_CASE("bytes fed in any pieces split the same as all at once") {
  for (auto [file, f] : {std::pair{"rtu-noisy.hex", framing::rtu}, std::pair{"tcp-noisy.hex", framing::tcp},
                         std::pair{"libmodbus-rtu.hex", framing::rtu}}) {
    auto capture = hex(test::data_file(file));
    auto whole = split_all(capture, f);
    std::mt19937 rng{1};
    for (int round = 0; round < 50; ++round) {
      frame_splitter splitter{f};
      std::vector<stream_item> items;
      for (std::size_t at = 0; at < capture.size();) {
        auto n = std::min<std::size_t>(round == 0 ? 1 : 1 + rng() % 20, capture.size() - at);
        splitter.feed(std::span{capture}.subspan(at, n));
        at += n;
        for (auto& item : drain(splitter))
          items.push_back(std::move(item));
      }
      splitter.finish();
      for (auto& item : drain(splitter))
        items.push_back(std::move(item));
      INFO(file << " round " << round);
      REQUIRE(items.size() == whole.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        REQUIRE(items[i].bytes == whole[i].bytes);
        REQUIRE(items[i].direction == whole[i].direction);
        REQUIRE(describe(items[i].error) == describe(whole[i].error));
      }
    }
  }
}

TEST_CASE("the splitter waits inside a frame and says how much it holds") {
  frame_splitter splitter{framing::rtu};
  auto frame = hex("11 03 06 02 2B 00 00 00 64 C8 BA");
  splitter.feed(std::span{frame}.first(9));
  CHECK_FALSE(splitter.next());
  CHECK(splitter.buffered() == 9);
  splitter.feed(std::span{frame}.subspan(9));
  auto item = splitter.next();
  REQUIRE(item);
  CHECK(item->bytes == frame);
  CHECK(item->direction == direction::response);
  CHECK(splitter.buffered() == 0);
  CHECK_FALSE(splitter.next());
  CHECK(splitter.framing() == framing::rtu);
}

TEST_CASE("long garbage comes out in bounded runs") {
  frame_splitter splitter{framing::rtu};
  splitter.feed(bytes(600, 0xFF));
  auto items = drain(splitter);
  REQUIRE(items.size() == 2);
  CHECK(items[0].bytes.size() == frame_splitter::max_skipped_run);
  CHECK(items[1].bytes.size() == frame_splitter::max_skipped_run);
  CHECK(splitter.buffered() == 600 - 2 * frame_splitter::max_skipped_run); // the rest waits for a frame or the end
  auto read = hex("11 03 00 6B 00 03 76 87");
  splitter.feed(read);
  auto rest = drain(splitter);
  REQUIRE(rest.size() == 2);
  CHECK(rest[0].bytes == bytes(600 - 2 * frame_splitter::max_skipped_run, 0xFF));
  CHECK(rest[1].bytes == read);
  splitter.feed(bytes{0xFF});
  CHECK_FALSE(splitter.next());
  splitter.finish();
  auto last = splitter.next();
  REQUIRE(last);
  CHECK(last->bytes == bytes{0xFF});
  CHECK_FALSE(splitter.next());
}

TEST_CASE("echoes and look-alike frames take their direction from the frame before") {
  auto write = hex("11 06 00 01 00 03 9A 9B");
  bytes capture;
  for (int i = 0; i < 3; ++i) // request, echo, then a second request whose echo is missing from the capture
    capture.insert(capture.end(), write.begin(), write.end());
  auto read = hex("11 03 00 6B 00 03 76 87");
  capture.insert(capture.end(), read.begin(), read.end());
  auto items = split_all(capture, framing::rtu);
  REQUIRE(items.size() == 4);
  CHECK(items[0].direction == direction::request);
  CHECK(items[1].direction == direction::response);
  CHECK(items[2].direction == direction::request);
  CHECK(items[3].direction == direction::request);
  // TCP pairs by transaction id as well: an echo of another transaction is a request.
  auto tcp = hex("00 05 00 00 00 06 11 05 00 AC FF 00 00 06 00 00 00 06 11 05 00 AC FF 00");
  auto tcp_items = split_all(tcp, framing::tcp);
  REQUIRE(tcp_items.size() == 2);
  CHECK(tcp_items[1].direction == direction::request);
}

TEST_CASE("an RTU frame followed by zero bytes keeps its own length") {
  // "11 04 02 00 0A F8 F4" then 00 also passes the CRC as the 8-byte read request "11 04 02 00 0A F8 | F4 00".
  auto items = split_all(hex("11 04 02 00 0A F8 F4 00 11 03 00 6B 00 03 76 87 00 00"), framing::rtu);
  REQUIRE(items.size() == 4);
  CHECK(items[0].bytes == hex("11 04 02 00 0A F8 F4"));
  CHECK(items[0].direction == direction::response);
  CHECK(items[1].bytes == hex("00"));
  CHECK(items[2].bytes == hex("11 03 00 6B 00 03 76 87"));
  CHECK(items[3].bytes == hex("00 00"));
  CHECK_FALSE(items[3].is_frame());
}

TEST_CASE("TCP frames of unknown functions are kept, RTU ones cannot be") {
  auto items = split_all(hex("00 01 00 00 00 03 11 2B 0E"), framing::tcp);
  REQUIRE(items.size() == 1);
  CHECK(items[0].is_frame());
  CHECK(items[0].direction == direction::unknown);
  auto rtu = split_all(hex("11 2B 0E 01 00 00"), framing::rtu);
  REQUIRE(rtu.size() == 1);
  CHECK_FALSE(rtu[0].is_frame());
  CHECK(rtu[0].bytes.size() == 6);
}

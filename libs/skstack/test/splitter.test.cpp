#include "meterhub/skstack/line_splitter.hpp"

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::skstack;
using test::as;
using test::bytes_of;
using test::error_of;

namespace {

std::vector<raw_line> split_all(line_splitter& s) {
  std::vector<raw_line> out;
  while (auto line = s.next()) {
    REQUIRE(*line);
    out.push_back(**line);
  }
  return out;
}

std::vector<std::uint8_t> binary_erxudp_a1() {
  auto out = bytes_of("ERXUDP FE80:0000:0000:0000:021D:1290:1234:5678 FE80:0000:0000:0000:021C:6400:0000:0001 "
                      "0E1A 0E1A 001D129012345678 1 0006 ");
  const std::vector<std::uint8_t> payload{0x10, 0x0D, 0x0A, 0x0D, 0x0A, 0x81};
  out.insert(out.end(), payload.begin(), payload.end());
  out.push_back('\r');
  out.push_back('\n');
  return out;
}

} // namespace

TEST_CASE("lines end with CR LF, CR alone or LF alone, and empty lines are skipped") {
  line_splitter s{module_model::bp35a1};
  s.feed(bytes_of("\r\nOK 01\rSKINFO\r\nEINFO x\n\r\nOK\r\n"));
  auto lines = split_all(s);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].text == "OK 01");
  CHECK(lines[1].text == "SKINFO");
  CHECK(lines[2].text == "EINFO x");
  CHECK(lines[3].text == "OK");
  CHECK(s.buffered() == 0);
}

TEST_CASE("a CR at the end of the input swallows the LF of the next read") {
  line_splitter s{module_model::bp35a1};
  s.feed(bytes_of("OK\r"));
  auto first = s.next();
  REQUIRE(first);
  CHECK((*first)->text == "OK");
  CHECK_FALSE(s.next());
  s.feed(bytes_of("\nEVENT 22 FE80::1\r\n"));
  auto lines = split_all(s);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "EVENT 22 FE80::1");
}

TEST_CASE("a binary ERXUDP payload with CR LF inside is read by its declared length") {
  line_splitter s{module_model::bp35a1};
  auto stream = binary_erxudp_a1();
  const auto ok = bytes_of("OK\r\n");
  stream.insert(stream.end(), ok.begin(), ok.end());
  s.feed(stream);
  auto lines = split_all(s);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].binary);
  CHECK(lines[0].text.ends_with(" 1 0006"));
  CHECK(lines[0].payload == std::vector<std::uint8_t>{0x10, 0x0D, 0x0A, 0x0D, 0x0A, 0x81});
  CHECK(lines[1].text == "OK");
}

TEST_CASE("a binary ERXUDP of BP35C2 counts its two extra header tokens") {
  line_splitter s{module_model::bp35c2};
  auto stream = bytes_of("ERXUDP FE80:0000:0000:0000:021D:1290:1234:5678 FE80:0000:0000:0000:021C:6400:0000:0001 "
                         "0E1A 0E1A 001D129012345678 A0 1 0 0002 \r\n\r\n");
  s.feed(stream);
  auto lines = split_all(s);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].binary);
  CHECK(lines[0].payload == std::vector<std::uint8_t>{0x0D, 0x0A});
}

TEST_CASE("a hex ERXUDP stays one text line") {
  line_splitter s{module_model::bp35a1};
  s.feed(bytes_of("ERXUDP FE80::1 FE80::2 0E1A 0E1A 001D129012345678 1 0002 0D0A\r\n"));
  auto lines = split_all(s);
  REQUIRE(lines.size() == 1);
  CHECK_FALSE(lines[0].binary);
  CHECK(lines[0].text.ends_with("0002 0D0A"));
}

TEST_CASE("a binary ERXUDP not followed by CR LF is bad_length and the stream resynchronises") {
  line_splitter s{module_model::bp35a1};
  s.feed(bytes_of("ERXUDP FE80::1 FE80::2 0E1A 0E1A 001D129012345678 1 0002 \x01\x02XY\r\nOK\r\n"));
  auto first = s.next();
  REQUIRE(first);
  CHECK(error_of(*first) == skstack_errc::bad_length);
  auto lines = split_all(s);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "OK");
}

TEST_CASE("an over-long line is dropped with bad_length up to its terminator") {
  line_splitter s{module_model::bp35a1, 16};
  s.feed(bytes_of(std::string(20, 'x')));
  auto first = s.next();
  REQUIRE(first);
  CHECK(error_of(*first) == skstack_errc::bad_length);
  s.feed(bytes_of("yyy\r\nOK\r\n"));
  auto lines = split_all(s);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "OK");
}

TEST_CASE("the reader gives the same messages whatever the byte boundaries") {
  const auto scan = bytes_of("SKSCAN 2 FFFFFFFF 6\r\nOK\r\nEVENT 20 FE80:0000:0000:0000:021D:1290:1234:5678\r\n"
                             "EPANDESC\r\n  Channel:21\r\n  Channel Page:09\r\n  Pan ID:8888\r\n"
                             "  Addr:001D129012345678\r\n  LQI:E1\r\n  PairID:00AABBCC\r\n"
                             "EVENT 22 FE80:0000:0000:0000:021C:6400:0000:0001\r\nOK 01\r");
  auto stream = scan;
  const auto binary = binary_erxudp_a1();
  stream.insert(stream.end(), binary.begin(), binary.end());
  for (std::size_t chunk = 1; chunk <= 7; ++chunk) {
    reader r{module_model::bp35a1};
    std::vector<message> out;
    for (std::size_t i = 0; i < stream.size(); i += chunk) {
      const auto n = std::min(chunk, stream.size() - i);
      r.feed(std::span<const std::uint8_t>{stream.data() + i, n});
      while (auto m = r.next()) {
        REQUIRE(*m);
        out.push_back(**m);
      }
    }
    INFO("chunk size " << chunk);
    REQUIRE(out.size() == 7);
    CHECK(std::holds_alternative<command_echo>(out[0]));
    CHECK(std::holds_alternative<ok_reply>(out[1]));
    CHECK(std::get<event>(out[2]).code() == event_code::beacon);
    CHECK(std::get<pan_descriptor>(out[3]).pan_id == 0x8888);
    CHECK(std::get<event>(out[4]).code() == event_code::scan_done);
    CHECK(std::get<ok_reply>(out[5]).value == "01");
    const auto& d = std::get<udp_datagram>(out[6]);
    CHECK(d.format == data_format::binary);
    CHECK(d.payload == std::vector<std::uint8_t>{0x10, 0x0D, 0x0A, 0x0D, 0x0A, 0x81});
  }
}

#include "meterhub/modbus/timing.hpp"

#include <catch2/catch.hpp>

using namespace meterhub::modbus;
using std::chrono::nanoseconds;

TEST_CASE("a character is start, data, parity and stop bits") {
  CHECK(bits_per_character({9600, 8, true, 1}) == 11);  // 8E1, the spec's default
  CHECK(bits_per_character({9600, 8, false, 2}) == 11); // 8N2, the spec's no-parity format
  CHECK(bits_per_character({9600, 8, false, 1}) == 10); // 8N1, common but outside the spec
  CHECK(bits_per_character({9600, 7, true, 1}) == 10);
  CHECK(character_time({9600, 8, true, 1}) == nanoseconds{1'145'833}); // 11 / 9600 s
  CHECK(character_time({9600, 8, false, 1}) == nanoseconds{1'041'667});
  CHECK(character_time({19200, 8, true, 1}) == nanoseconds{572'917});
  CHECK(character_time({115200, 8, false, 1}) == nanoseconds{86'806});
  CHECK(transmission_time({9600, 8, true, 1}, 8) == nanoseconds{9'166'667}); // 88 bits, rounded once
  CHECK(transmission_time({9600, 8, true, 1}, 0) == nanoseconds{0});
  CHECK(character_time({0, 8, true, 1}) == nanoseconds{0});
}

TEST_CASE("t3.5 and t1.5 follow the baud rate up to 19200, then are fixed") {
  CHECK(inter_frame_delay({9600, 8, true, 1}) == nanoseconds{4'010'417}); // 38.5 bits
  CHECK(inter_character_timeout({9600, 8, true, 1}) == nanoseconds{1'718'750});
  CHECK(inter_frame_delay({19200, 8, true, 1}) == nanoseconds{2'005'208});
  CHECK(inter_character_timeout({19200, 8, true, 1}) == nanoseconds{859'375});
  CHECK(inter_frame_delay({1200, 8, false, 1}) == nanoseconds{29'166'667});
  for (unsigned baud : {38400u, 57600u, 115200u, 19201u}) {
    CHECK(inter_frame_delay({baud, 8, true, 1}) == nanoseconds{1'750'000});
    CHECK(inter_character_timeout({baud, 8, true, 1}) == nanoseconds{750'000});
  }
}

TEST_CASE("a transaction occupies the line for both frames and two silences") {
  serial_format line{9600, 8, true, 1};
  // Read 10 holding registers: 8 bytes out, 5 + 20 back, 41 characters and 2 × t3.5.
  request read{0, 1, function_code::read_holding_registers, 0, 10, {}};
  CHECK(request_size(read, framing::rtu) == 8);
  CHECK(expected_response_size(read, framing::rtu) == 25);
  auto expected = transmission_time(line, 33) + 2 * inter_frame_delay(line);
  CHECK(transaction_time(line, read) == expected);
  CHECK(transaction_time(line, 8, 25) == expected);
  CHECK(transaction_time(line, read, std::chrono::milliseconds{5}) == expected + nanoseconds{5'000'000});
  CHECK(transaction_time(line, 8, 25) == nanoseconds{45'833'334});
  // A broadcast write gets no answer: the request, t3.5 and the turnaround delay.
  request broadcast{0, 0, function_code::write_single_register, 7, 1, {42}};
  CHECK(transaction_time(line, broadcast, std::chrono::milliseconds{100})
        == transmission_time(line, 8) + inter_frame_delay(line) + nanoseconds{100'000'000});
  serial_format fast{115200, 8, false, 1};
  CHECK(transaction_time(fast, 8, 25) == transmission_time(fast, 33) + nanoseconds{3'500'000});
}

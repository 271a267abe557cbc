#include "meterhub/modbus/frame.hpp"

#include <random>

#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace meterhub::modbus;
using test::error_of;
using test::hex;

namespace {

using fc = function_code;
using bytes = std::vector<std::uint8_t>;

/// The exchanges of tests/data/modbus/libmodbus-*.hex: the Modbus Application Protocol V1.1b3 §6 examples, unit 17.
struct exchange {
  request sent;
  response answer;
};

std::vector<exchange> spec_exchanges() {
  const std::vector<std::uint16_t> coils{1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1}; // CD 6B 05
  const std::vector<std::uint16_t> inputs{0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1}; // AC DB 35
  const std::vector<std::uint16_t> written{1, 0, 1, 1, 0, 0, 1, 1, 1, 0};                                  // CD 01
  return {
    {{0, 17, fc::read_coils, 19, 19, {}}, {0, 17, fc::read_coils, 0, 0, 19, coils}},
    {{0, 17, fc::read_discrete_inputs, 196, 22, {}}, {0, 17, fc::read_discrete_inputs, 0, 0, 22, inputs}},
    {{0, 17, fc::read_holding_registers, 107, 3, {}}, {0, 17, fc::read_holding_registers, 0, 0, 3, {0x022B, 0, 100}}},
    {{0, 17, fc::read_input_registers, 8, 1, {}}, {0, 17, fc::read_input_registers, 0, 0, 1, {10}}},
    {{0, 17, fc::write_single_coil, 172, 1, {1}}, {0, 17, fc::write_single_coil, 0, 172, 0, {1}}},
    {{0, 17, fc::write_single_register, 1, 1, {3}}, {0, 17, fc::write_single_register, 0, 1, 0, {3}}},
    {{0, 17, fc::write_multiple_coils, 19, 10, written}, {0, 17, fc::write_multiple_coils, 0, 19, 10, {}}},
    {{0, 17, fc::write_multiple_registers, 1, 2, {10, 0x0102}}, {0, 17, fc::write_multiple_registers, 0, 1, 2, {}}},
    {{0, 17, fc::read_holding_registers, 1000, 2, {}}, {0, 17, fc::read_holding_registers, 2, 0, 0, {}}},
  };
}

void check_capture(const std::string& file, framing f) {
  auto frames = test::lines_of(test::data_file(file));
  auto exchanges = spec_exchanges();
  REQUIRE(frames.size() == 2 * exchanges.size());
  for (std::size_t i = 0; i < exchanges.size(); ++i) {
    auto [sent, answer] = exchanges[i];
    if (f == framing::tcp)
      sent.transaction_id = answer.transaction_id = static_cast<std::uint16_t>(i + 1); // libmodbus counts from 1
    INFO(file << " exchange " << i);
    const auto& request_frame = frames[2 * i];
    const auto& response_frame = frames[2 * i + 1];
    CHECK(encode_request(sent, f) == request_frame);
    CHECK(parse_request(request_frame, f) == sent);
    CHECK(encode_response(answer, f) == response_frame);
    CHECK(parse_response(response_frame, sent, f) == answer);
    CHECK(request_size(sent, f) == request_frame.size());
    auto size = answer.is_exception() ? exception_response_size(f) : expected_response_size(sent, f);
    CHECK(size == response_frame.size());
  }
}

bytes rtu(std::string_view text) {
  auto frame = hex(text);
  append_crc16_modbus(frame);
  return frame;
}

} // namespace

TEST_CASE("frames are the ones libmodbus sends and answers, RTU") {
  check_capture("libmodbus-rtu.hex", framing::rtu);
}

TEST_CASE("frames are the ones libmodbus sends and answers, TCP") {
  check_capture("libmodbus-tcp.hex", framing::tcp);
}

TEST_CASE("the specification's read holding registers request, in both framings") {
  request r{0x0001, 1, fc::read_holding_registers, 0x006B, 3, {}};
  CHECK(encode_request(r, framing::rtu) == hex("01 03 00 6B 00 03 74 17"));
  CHECK(encode_request(r, framing::tcp) == hex("00 01 00 00 00 06 01 03 00 6B 00 03"));
  CHECK(expected_response_size(r, framing::rtu) == 11);
  CHECK(expected_response_size(r, framing::tcp) == 15);
}

TEST_CASE("encode refuses requests outside their function's limits") {
  auto refused = [](request r) { return error_of(encode_request(r, framing::rtu)) == modbus_errc::out_of_range; };
  CHECK(refused({0, 1, fc::read_holding_registers, 0, 0, {}}));
  CHECK(refused({0, 1, fc::read_holding_registers, 0, 126, {}}));
  CHECK(refused({0, 1, fc::read_input_registers, 65535, 2, {}}));
  CHECK(refused({0, 1, fc::read_coils, 0, 2001, {}}));
  CHECK(refused({0, 1, fc::read_holding_registers, 0, 1, {5}}));
  CHECK(refused({0, 1, fc::write_single_register, 0, 1, {}}));
  CHECK(refused({0, 1, fc::write_single_register, 0, 2, {1, 2}}));
  CHECK(refused({0, 1, fc::write_single_coil, 0, 1, {2}}));
  CHECK(refused({0, 1, fc::write_multiple_registers, 0, 124, std::vector<std::uint16_t>(124)}));
  CHECK(refused({0, 1, fc::write_multiple_registers, 0, 3, {1, 2}}));
  CHECK(refused({0, 1, fc::write_multiple_coils, 0, 1969, std::vector<std::uint16_t>(1969)}));
  CHECK(refused({0, 1, fc::write_multiple_coils, 0, 2, {1, 7}}));
  CHECK(refused({0, 1, static_cast<fc>(0x08), 0, 1, {}}));
  CHECK(encode_request({0, 1, fc::read_holding_registers, 65410, 125, {}}, framing::rtu)); // ends at 65534
  CHECK(encode_request({0, 1, fc::read_coils, 63536, 2000, {}}, framing::rtu));            // ends at 65535
  CHECK(encode_request({0, 1, fc::write_multiple_registers, 0, 123, std::vector<std::uint16_t>(123)}, framing::rtu)
          ->size() == 255);
}

TEST_CASE("encode refuses responses outside their function's limits") {
  auto refused = [](response r) { return error_of(encode_response(r, framing::tcp)) == modbus_errc::out_of_range; };
  CHECK(refused({0, 1, fc::read_holding_registers, 0, 0, 0, {}}));
  CHECK(refused({0, 1, fc::read_holding_registers, 0, 0, 0, std::vector<std::uint16_t>(126)}));
  CHECK(refused({0, 1, fc::read_coils, 0, 0, 0, {0, 2}}));
  CHECK(refused({0, 1, fc::write_single_coil, 0, 0, 0, {3}}));
  CHECK(refused({0, 1, fc::write_single_register, 0, 0, 0, {}}));
  CHECK(refused({0, 1, fc::write_multiple_registers, 0, 0, 0, {}}));
  CHECK(refused({0, 1, fc::write_multiple_coils, 0, 65535, 2, {}}));
  CHECK(refused({0, 1, static_cast<fc>(0x2B), 0, 0, 0, {1}}));
  CHECK(refused({0, 1, static_cast<fc>(0x83), 2, 0, 0, {}}));
  CHECK(encode_response({0, 1, fc::read_holding_registers, 0, 0, 0, std::vector<std::uint16_t>(125)}, framing::rtu)
          ->size() == 255);
  // An unsupported function is answered with exception 1.
  CHECK(encode_response({0, 1, static_cast<fc>(0x2B), 1, 0, 0, {}}, framing::rtu) == rtu("01 AB 01"));
}

TEST_CASE("a server tells malformed frames from requests to refuse with an exception") {
  auto parsed = [](const bytes& frame) { return error_of(parse_request(frame, framing::rtu)); };
  CHECK(parsed(hex("01 03 00 6B 00 03 74 18")) == modbus_errc::bad_frame);         // CRC
  CHECK(parsed(hex("01 03 74")) == modbus_errc::bad_frame);                         // too short
  CHECK(parsed(rtu("01 03 00 6B 00 03 00")) == modbus_errc::bad_frame);             // a byte too many
  CHECK(parsed(rtu("01 03 00 6B 00")) == modbus_errc::bad_frame);                   // a byte too few
  CHECK(parsed(rtu("01 10 00 01 00 02 04 00 0A 01")) == modbus_errc::bad_frame);    // byte count beyond the frame
  CHECK(parsed(rtu("01 08 00 00 12 34")) == modbus_errc::illegal_function);         // diagnostics: not supported
  CHECK(parsed(rtu("01 83 00 00 00 01")) == modbus_errc::illegal_function);
  CHECK(parsed(rtu("01 03 00 00 00 00")) == modbus_errc::illegal_data_value);       // quantity 0
  CHECK(parsed(rtu("01 03 00 00 00 7E")) == modbus_errc::illegal_data_value);       // quantity 126
  CHECK(parsed(rtu("01 01 00 00 07 D1")) == modbus_errc::illegal_data_value);       // 2001 coils
  CHECK(parsed(rtu("01 03 FF FF 00 02")) == modbus_errc::illegal_data_address);     // beyond 65535
  CHECK(parsed(rtu("01 05 00 AC 12 34")) == modbus_errc::illegal_data_value);       // coil value
  CHECK(parsed(rtu("01 10 00 01 00 02 02 00 0A")) == modbus_errc::illegal_data_value); // 2 registers in 2 bytes
  CHECK(parsed(rtu("01 0F 00 13 00 0A 01 CD")) == modbus_errc::illegal_data_value);    // 10 coils in 1 byte
  CHECK(parsed(rtu("01 10 00 01 00 00 00")) == modbus_errc::illegal_data_value);       // quantity 0
  CHECK(parsed(bytes(257, 0)) == modbus_errc::bad_frame);
  CHECK(parse_request(rtu("01 05 00 AC 00 00"), framing::rtu) == request{0, 1, fc::write_single_coil, 172, 1, {0}});
  CHECK(parse_request(rtu("00 06 00 07 00 2A"), framing::rtu) == request{0, 0, fc::write_single_register, 7, 1, {42}});
}

TEST_CASE("a TCP frame is one MBAP header and its PDU") {
  auto parsed = [](std::string_view text) { return error_of(parse_request(hex(text), framing::tcp)); };
  CHECK(parsed("00 01 00 01 00 06 01 03 00 6B 00 03") == modbus_errc::bad_frame);    // protocol id 1
  CHECK(parsed("00 01 00 00 00 07 01 03 00 6B 00 03") == modbus_errc::bad_frame);    // length one too many
  CHECK(parsed("00 01 00 00 00 05 01 03 00 6B 00 03") == modbus_errc::bad_frame);    // length one short
  CHECK(parsed("00 01 00 00 00 01 01") == modbus_errc::bad_frame);                   // no PDU
  CHECK(parsed("00 01 00 00 00 07 01 03 00 6B 00 03 00") == modbus_errc::bad_frame); // PDU too long for fc 3
  CHECK(parsed("00 01 00 00 00 02 01 2B") == modbus_errc::illegal_function);
  CHECK(parse_request(hex("AB CD 00 00 00 06 FF 04 00 00 00 01"), framing::tcp)
        == request{0xABCD, 255, fc::read_input_registers, 0, 1, {}});
}

TEST_CASE("a client checks the response against its request") {
  request read{7, 17, fc::read_holding_registers, 107, 3, {}};
  auto ok = hex("11 03 06 02 2B 00 00 00 64 C8 BA");
  REQUIRE(parse_response(ok, read, framing::rtu));
  auto refused = [&](const bytes& frame, const request& r, framing f = framing::rtu) {
    return error_of(parse_response(frame, r, f)) == modbus_errc::bad_frame;
  };
  CHECK(refused(rtu("12 03 06 02 2B 00 00 00 64"), read));             // another unit
  CHECK(refused(rtu("11 04 06 02 2B 00 00 00 64"), read));             // another function
  CHECK(refused(rtu("11 03 04 02 2B 00 00"), read));                   // two registers for three
  CHECK(refused(rtu("11 03 07 02 2B 00 00 00 64 00"), read));          // odd byte count
  CHECK(refused(rtu("11 03 06 02 2B 00 00 00"), read));                // shorter than its byte count
  CHECK(refused(rtu("11 83 00"), read));                               // exception code 0
  CHECK(refused(rtu("11 83 02 00"), read));                            // exception with a byte more
  CHECK(refused(rtu("11 84 02"), read));                               // exception of another function
  CHECK(refused(rtu("11 03"), read));
  CHECK(refused(hex("00 08 00 00 00 09 11 03 06 02 2B 00 00 00 64"), read, framing::tcp)); // transaction 8, not 7
  request coil{0, 17, fc::write_single_coil, 172, 1, {1}};
  CHECK(refused(rtu("11 05 00 AC 00 00"), coil));                      // echo of another value
  CHECK(refused(rtu("11 05 00 AD FF 00"), coil));                      // echo of another address
  CHECK(refused(rtu("11 05 00 AC 12 34"), coil));                      // not a coil value
  request regs{0, 17, fc::write_multiple_registers, 1, 2, {10, 258}};
  CHECK(refused(rtu("11 10 00 01 00 03"), regs));                      // echo of another quantity
  CHECK(refused(rtu("11 10 00 01 00 02 00"), regs));
  request bits{0, 17, fc::read_coils, 19, 19, {}};
  CHECK(refused(rtu("11 01 02 CD 6B"), bits)); // 19 coils take 3 bytes
  auto exception = parse_response(rtu("11 81 04"), bits, framing::rtu);
  REQUIRE(exception);
  CHECK(exception->is_exception());
  CHECK(exception->exception_code == 4);
  CHECK(exception->function == fc::read_coils);
}

TEST_CASE("a response alone, as in a capture missing its request") {
  auto coils = parse_response(hex("11 01 03 CD 6B 05 40 12"), framing::rtu);
  REQUIRE(coils);
  CHECK(coils->count == 24); // every bit of the 3 bytes: the count is in the request only
  CHECK(coils->values
        == std::vector<std::uint16_t>{1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0});
  auto regs = parse_response(hex("00 03 00 00 00 09 11 03 06 02 2B 00 00 00 64"), framing::tcp);
  REQUIRE(regs);
  CHECK(*regs == response{3, 17, fc::read_holding_registers, 0, 0, 3, {0x022B, 0, 100}});
  CHECK(error_of(parse_response(rtu("11 2B 0E 01"), framing::rtu)) == modbus_errc::bad_frame);
  CHECK(error_of(parse_response(rtu("11 01 00"), framing::rtu)) == modbus_errc::bad_frame);
  CHECK(parse_response(rtu("11 AB 01"), framing::rtu)->exception_code == 1);
  auto too_many_bits = hex("00 01 00 00 00 FE 11 01 FB");
  too_many_bits.resize(too_many_bits.size() + 251, 0xFF); // 2008 coils: more than a read may ask for
  CHECK(error_of(parse_response(too_many_bits, framing::tcp)) == modbus_errc::bad_frame);
  too_many_bits[8] = 0xFA; // 250 bytes, 2000 coils
  too_many_bits[5] = 0xFD;
  too_many_bits.pop_back();
  CHECK(parse_response(too_many_bits, framing::tcp)->count == 2000);
}

TEST_CASE("response sizes follow the request") {
  CHECK(expected_response_size({0, 1, fc::read_coils, 0, 1, {}}, framing::rtu) == 6);
  CHECK(expected_response_size({0, 1, fc::read_coils, 0, 8, {}}, framing::rtu) == 6);
  CHECK(expected_response_size({0, 1, fc::read_coils, 0, 9, {}}, framing::rtu) == 7);
  CHECK(expected_response_size({0, 1, fc::read_discrete_inputs, 0, 2000, {}}, framing::rtu) == 255);
  CHECK(expected_response_size({0, 1, fc::read_input_registers, 0, 125, {}}, framing::rtu) == 255);
  CHECK(expected_response_size({0, 1, fc::read_input_registers, 0, 125, {}}, framing::tcp) == 259);
  CHECK(expected_response_size({0, 1, fc::write_multiple_registers, 0, 2, {1, 2}}, framing::rtu) == 8);
  CHECK(expected_response_size({0, 1, fc::write_single_coil, 0, 1, {1}}, framing::tcp) == 12);
  CHECK(expected_response_size({0, 0, fc::write_single_coil, 0, 1, {1}}, framing::rtu) == 0); // broadcast
  CHECK(expected_response_size({0, 0, fc::write_single_coil, 0, 1, {1}}, framing::tcp) == 12);
  CHECK(expected_response_size({0, 1, static_cast<fc>(0x2B), 0, 1, {}}, framing::rtu) == 0);
  CHECK(exception_response_size(framing::rtu) == 5);
  CHECK(exception_response_size(framing::tcp) == 9);
  CHECK(request_size({0, 1, fc::write_multiple_coils, 0, 9, std::vector<std::uint16_t>(9)}, framing::rtu) == 11);
  CHECK(request_size({0, 1, fc::write_multiple_registers, 0, 2, {1, 2}}, framing::tcp) == 17);
  CHECK(request_size({0, 1, static_cast<fc>(0x2B), 0, 1, {}}, framing::tcp) == 0);
}

TEST_CASE("random requests and responses survive encode and parse") {
  std::mt19937 rng{99};
  const fc functions[] = {fc::read_coils,        fc::read_discrete_inputs,  fc::read_holding_registers,
                          fc::read_input_registers, fc::write_single_coil, fc::write_single_register,
                          fc::write_multiple_coils, fc::write_multiple_registers};
  const std::uint16_t max[] = {2000, 2000, 125, 125, 1, 1, 1968, 123};
  for (int i = 0; i < 20000; ++i) {
    auto k = rng() % 8;
    request r;
    r.transaction_id = static_cast<std::uint16_t>(rng());
    r.unit_id = static_cast<std::uint8_t>(1 + rng() % 247); // not 0: an RTU broadcast has no response
    r.function = functions[k];
    r.count = static_cast<std::uint16_t>(1 + rng() % max[k]);
    r.address = static_cast<std::uint16_t>(rng() % (65537 - r.count));
    bool bits = is_bit_function(r.function);
    if (k >= 4)
      for (unsigned n = 0; n < r.count; ++n)
        r.values.push_back(static_cast<std::uint16_t>(bits ? rng() % 2 : rng()));
    for (auto f : {framing::rtu, framing::tcp}) {
      if (f == framing::rtu)
        r.transaction_id = 0;
      auto frame = encode_request(r, f);
      REQUIRE(frame);
      REQUIRE(frame->size() == request_size(r, f));
      REQUIRE(parse_request(*frame, f) == r);
      response a{r.transaction_id, r.unit_id, r.function, 0, 0, 0, {}};
      if (k < 4) {
        for (unsigned n = 0; n < r.count; ++n)
          a.values.push_back(static_cast<std::uint16_t>(bits ? rng() % 2 : rng()));
        a.count = r.count;
      } else {
        a.address = r.address;
        if (k < 6)
          a.values = r.values;
        else
          a.count = r.count;
      }
      if (rng() % 10 == 0)
        a = {r.transaction_id, r.unit_id, r.function, static_cast<std::uint8_t>(1 + rng() % 255), 0, 0, {}};
      auto answer = encode_response(a, f);
      REQUIRE(answer);
      REQUIRE(answer->size() == (a.is_exception() ? exception_response_size(f) : expected_response_size(r, f)));
      REQUIRE(parse_response(*answer, r, f) == a);
    }
  }
}

#include "meterhub/mercury/request.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub::mercury;
using test::error_of;
using test::hex;

namespace {

std::vector<std::uint8_t> body(const request& r) {
  auto b = encode_body(r);
  REQUIRE(b);
  return *b;
}

request decoded(const std::vector<std::uint8_t>& frame_body, std::uint8_t address = 0x2A) {
  auto r = decode_request(seal(address, frame_body));
  REQUIRE(r);
  CHECK(r->address == address);
  return r->request;
}

} // namespace

TEST_CASE("session requests") {
  CHECK(body(test_link{}) == hex("00"));
  CHECK(body(close_channel{}) == hex("02"));
  CHECK(body(open_channel{}) == hex("01 01 01 01 01 01 01 01"));
  CHECK(body(open_channel{access_level::admin, {2, 2, 2, 2, 2, 2}}) == hex("01 02 02 02 02 02 02 02"));
  CHECK(body(open_channel{access_level::admin, {0x12, 0x13, 0x14, 0x15, 0x16, 0x17}}) ==
        hex("01 02 12 13 14 15 16 17"));
  CHECK(error_of(encode_body(open_channel{static_cast<access_level>(3), {}})) == mercury_errc::bad_argument);
  CHECK(command_of(open_channel{}) == command::open_channel);
  CHECK(command_of(read_aux{}) == command::read_param);
}

TEST_CASE("passwords typed as digits become digit bytes") {
  CHECK(password_from_digits("111111") == password{1, 1, 1, 1, 1, 1});
  CHECK(password_from_digits("123456") == password{1, 2, 3, 4, 5, 6});
  CHECK(password_from_digits("000000") == password{0, 0, 0, 0, 0, 0});
  CHECK(error_of(password_from_digits("11111")) == mercury_errc::bad_argument);
  CHECK(error_of(password_from_digits("1111111")) == mercury_errc::bad_argument);
  CHECK(error_of(password_from_digits("11a111")) == mercury_errc::bad_argument);
}

TEST_CASE("clock requests") {
  CHECK(body(read_time{}) == hex("04 00"));
  const meter_time t{38, 38, 19, 5, 18, 1, 19, true};
  CHECK(body(set_time{t}) == hex("03 0c 38 38 19 05 18 01 19 01"));
  CHECK(body(correct_time{{19, 40, 5}}) == hex("03 0d 05 40 19"));
  CHECK(error_of(encode_body(correct_time{{24, 0, 0}})) == mercury_errc::bad_argument);
  CHECK(error_of(encode_body(set_time{meter_time{0, 0, 0, 1, 30, 2, 24, true}})) == mercury_errc::bad_argument);
  CHECK(error_of(encode_body(set_time{meter_time{0, 0, 0, 8, 1, 2, 24, true}})) == mercury_errc::bad_argument);
  CHECK(error_of(encode_body(set_time{meter_time{0, 0, 0, 1, 1, 2, 124, true}})) == mercury_errc::bad_argument);
}

TEST_CASE("energy-array requests carry array, month and tariff") {
  CHECK(body(read_energy{}) == hex("05 00 00"));
  CHECK(body(read_energy{energy_array::from_reset, 0, 3}) == hex("05 00 03"));
  CHECK(body(read_energy{energy_array::month, 1, 0}) == hex("05 31 00")); // spec: January, sum of tariffs
  CHECK(body(read_energy{energy_array::month_start, 12, 2}) == hex("05 bc 02"));
  CHECK(body(read_energy{energy_array::phases, 0, 0}) == hex("05 60 00"));
  CHECK(body(read_energy{energy_array::previous_day_start, 0, 4}) == hex("05 d0 04"));
  CHECK(error_of(encode_body(read_energy{energy_array::month, 0, 0})) == mercury_errc::bad_argument);
  CHECK(error_of(encode_body(read_energy{energy_array::month, 13, 0})) == mercury_errc::bad_argument);
  CHECK(error_of(encode_body(read_energy{energy_array::day, 1, 0})) == mercury_errc::bad_argument);
  CHECK(error_of(encode_body(read_energy{energy_array::from_reset, 0, 6})) == mercury_errc::bad_argument);
  CHECK(error_of(encode_body(read_energy{static_cast<energy_array>(7), 0, 0})) == mercury_errc::bad_argument);
}

TEST_CASE("parameter and memory requests") {
  CHECK(body(read_info{info_kind::serial}) == hex("08 00"));
  CHECK(body(read_info{info_kind::passport}) == hex("08 01"));
  CHECK(body(read_info{info_kind::ratios}) == hex("08 02"));
  CHECK(body(read_info{info_kind::version}) == hex("08 03"));
  CHECK(body(read_info{info_kind::network_address}) == hex("08 05"));
  CHECK(body(read_info{info_kind::profile_pointer}) == hex("08 13"));
  CHECK(body(read_aux{aux_format::single, 0x01}) == hex("08 11 01"));
  CHECK(body(read_aux{aux_format::all_short, 0x11}) == hex("08 16 11"));
  CHECK(body(read_aux{aux_format::all_full, 0x00}) == hex("08 14 00"));
  CHECK(body(read_memory{}) == hex("06 03 00 00 0f"));
  CHECK(body(read_memory{0x83, 0x76E0, 15}) == hex("06 83 76 e0 0f"));
  CHECK(error_of(encode_body(read_memory{3, 0, 0})) == mercury_errc::bad_argument);
  CHECK(error_of(encode_body(read_info{static_cast<info_kind>(0x04)})) == mercury_errc::bad_argument);
  CHECK(error_of(encode_body(read_aux{static_cast<aux_format>(0x12), 0})) == mercury_errc::bad_argument);
  CHECK(encode_request(0x00, read_aux{aux_format::single, 0x11}) == hex("00 08 11 11 4d ba")); // WB u1
}

TEST_CASE("the meter side parses every request kind") {
  CHECK(decoded(hex("00")) == request{test_link{}});
  CHECK(decoded(hex("02")) == request{close_channel{}});
  CHECK(decoded(hex("01 02 12 13 14 15 16 17")) ==
        request{open_channel{access_level::admin, {0x12, 0x13, 0x14, 0x15, 0x16, 0x17}}});
  CHECK(decoded(hex("04 00")) == request{read_time{}});
  CHECK(decoded(hex("03 0c 38 38 19 05 18 01 19 01")) == request{set_time{{38, 38, 19, 5, 18, 1, 19, true}}});
  CHECK(decoded(hex("03 0d 05 40 19")) == request{correct_time{{19, 40, 5}}});
  CHECK(decoded(hex("05 31 00")) == request{read_energy{energy_array::month, 1, 0}});
  CHECK(decoded(hex("06 83 76 e0 0f")) == request{read_memory{0x83, 0x76E0, 15}});
  CHECK(decoded(hex("08 13")) == request{read_info{info_kind::profile_pointer}});
  CHECK(decoded(hex("08 16 30")) == request{read_aux{aux_format::all_short, 0x30}});
  CHECK(decoded(hex("08 05"), 0x00) == request{read_info{info_kind::network_address}});
}

TEST_CASE("the meter side refuses broken and unknown requests") {
  CHECK(error_of(decode_request(hex("2a 00 1e d1"))) == mercury_errc::bad_crc);
  CHECK(error_of(decode_request(hex("2a 00 1e"))) == mercury_errc::bad_length);
  CHECK(error_of(decode_request(seal(1, hex("00 00")))) == mercury_errc::bad_length);
  CHECK(error_of(decode_request(seal(1, hex("01 01 01 01 01 01 01")))) == mercury_errc::bad_length);
  CHECK(error_of(decode_request(seal(1, hex("01 03 01 01 01 01 01 01")))) == mercury_errc::bad_value);
  CHECK(error_of(decode_request(seal(1, hex("07")))) == mercury_errc::invalid_command);
  CHECK(error_of(decode_request(seal(1, hex("04 01 00")))) == mercury_errc::invalid_command); // a journal
  CHECK(error_of(decode_request(seal(1, hex("04 00 00")))) == mercury_errc::bad_length);
  CHECK(error_of(decode_request(seal(1, hex("03 0e 00")))) == mercury_errc::invalid_command);
  CHECK(error_of(decode_request(seal(1, hex("03 0d 60 00 00")))) == mercury_errc::bad_value);
  CHECK(error_of(decode_request(seal(1, hex("03 0c 00 00 00 01 31 02 24 01")))) == mercury_errc::bad_value);
  CHECK(error_of(decode_request(seal(1, hex("05 70 00")))) == mercury_errc::bad_value);
  CHECK(error_of(decode_request(seal(1, hex("05 30 00")))) == mercury_errc::bad_value);
  CHECK(error_of(decode_request(seal(1, hex("05 01 00")))) == mercury_errc::bad_value);
  CHECK(error_of(decode_request(seal(1, hex("05 00 06")))) == mercury_errc::bad_value);
  CHECK(error_of(decode_request(seal(1, hex("05 00")))) == mercury_errc::bad_length);
  CHECK(error_of(decode_request(seal(1, hex("06 03 00 00 00")))) == mercury_errc::bad_value);
  CHECK(error_of(decode_request(seal(1, hex("08 04")))) == mercury_errc::invalid_command);
  CHECK(error_of(decode_request(seal(1, hex("08 11")))) == mercury_errc::bad_length);
  CHECK(error_of(decode_request(seal(1, hex("08 13 00")))) == mercury_errc::bad_length);
  CHECK(error_of(decode_request(seal(1, hex("08")))) == mercury_errc::invalid_command);
}

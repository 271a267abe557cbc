#include "meterhub/mercury/frame.hpp"

#include <catch2/catch.hpp>

#include "meterhub/mercury/reply.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::mercury;
using test::error_of;
using test::hex;

TEST_CASE("a test-link request to 2A is 2A 00 1E D0") {
  CHECK(encode_request(0x2A, test_link{}) == hex("2a 00 1e d0"));
  CHECK(seal(0x2A, hex("00")) == hex("2a 00 1e d0"));
  CHECK(status_reply(0x2A, 0) == seal(0x2A, hex("00")));
}

TEST_CASE("frames open only with a checking CRC and at least 4 bytes") {
  const auto frame = hex("2a 00 1e d0"); // the parts are views into it
  auto parts = open_frame(frame);
  REQUIRE(parts);
  CHECK(parts->address == 0x2A);
  CHECK(std::vector<std::uint8_t>(parts->body.begin(), parts->body.end()) == hex("00"));
  CHECK(error_of(open_frame(hex("2a 00 1e d1"))) == mercury_errc::bad_crc);
  CHECK(error_of(open_frame(hex("2a 00 1e"))) == mercury_errc::bad_length);
  CHECK(error_of(open_frame({})) == mercury_errc::bad_length);
  CHECK(describe(open_frame(hex("2a 1e d0")).error()) == "mercury: bad_length: a frame has at least 4 bytes, got 3");
}

TEST_CASE("status bytes name the meter's errors by their low nibble") {
  CHECK_FALSE(status_error(0x00));
  CHECK(status_error(0x01) == mercury_errc::invalid_command);
  CHECK(status_error(0x02) == mercury_errc::internal_error);
  CHECK(status_error(0x03) == mercury_errc::access_denied);
  CHECK(status_error(0x04) == mercury_errc::clock_already_corrected);
  CHECK(status_error(0x05) == mercury_errc::channel_not_open);
  CHECK(status_error(0x06) == mercury_errc::unknown_status);
  CHECK(status_error(0x0F) == mercury_errc::unknown_status);
  CHECK(status_error(0x85) == mercury_errc::channel_not_open);
  CHECK_FALSE(status_error(0x80));
  CHECK(std::string{to_string(mercury_errc::clock_already_corrected)} == "clock_already_corrected");
  CHECK(std::string{to_string(mercury_errc::empty_record)} == "empty_record");
}

TEST_CASE("a status request takes a 4-byte status frame") {
  const request r = test_link{};
  auto ok = check_reply(status_reply(0x2A, 0), 0x2A, r);
  REQUIRE(ok);
  CHECK(ok->empty());
  CHECK(error_of(check_reply(status_reply(0x2A, 5), 0x2A, r)) == mercury_errc::channel_not_open);
  CHECK(error_of(check_reply(status_reply(0x2A, 3), 0x2A, open_channel{})) == mercury_errc::access_denied);
  CHECK(error_of(check_reply(status_reply(0x2B, 0), 0x2A, r)) == mercury_errc::wrong_address);
  CHECK(error_of(check_reply(seal(0x2A, hex("00 00")), 0x2A, r)) == mercury_errc::bad_length);
  auto corrupt = status_reply(0x2A, 0);
  corrupt[1] = 0x01;
  CHECK(error_of(check_reply(corrupt, 0x2A, r)) == mercury_errc::bad_crc);
}

TEST_CASE("a data request takes its data length or a status frame as an error") {
  const request r = read_aux{aux_format::single, 0x01};
  const auto reply = seal(0x2A, hex("80 10 27"));
  auto ok = check_reply(reply, 0x2A, r);
  REQUIRE(ok);
  CHECK(std::vector<std::uint8_t>(ok->begin(), ok->end()) == hex("80 10 27"));
  CHECK(error_of(check_reply(status_reply(0x2A, 1), 0x2A, r)) == mercury_errc::invalid_command);
  CHECK(error_of(check_reply(status_reply(0x2A, 5), 0x2A, r)) == mercury_errc::channel_not_open);
  CHECK(error_of(check_reply(status_reply(0x2A, 0), 0x2A, r)) == mercury_errc::bad_length);
  CHECK(error_of(check_reply(seal(0x2A, hex("80 10")), 0x2A, r)) == mercury_errc::bad_length);
  CHECK(error_of(check_reply(seal(0x2A, hex("80 10 27 00")), 0x2A, r)) == mercury_errc::bad_length);
  CHECK(error_of(check_reply(seal(0x2B, hex("80 10 27")), 0x2A, r)) == mercury_errc::wrong_address);
  CHECK(error_of(check_reply(hex("2a 80 10"), 0x2A, r)) == mercury_errc::bad_length);
}

TEST_CASE("a request to address 0 takes a reply from any address") {
  const request r = read_info{info_kind::network_address};
  CHECK(check_reply(seal(0x00, hex("00 2a")), 0x00, r));
  CHECK(check_reply(seal(0x2A, hex("00 2a")), 0x00, r));
  CHECK(error_of(check_reply(seal(0x00, hex("00 2a")), 0x2A, r)) == mercury_errc::wrong_address);
}

TEST_CASE("reply shapes per request") {
  CHECK(reply_shape_of(test_link{}).status);
  CHECK(reply_shape_of(set_time{}).status);
  CHECK(reply_shape_of(correct_time{}).status);
  CHECK(reply_shape_of(test_link{}).max_frame() == 4);
  CHECK(reply_shape_of(read_time{}).max_frame() == 11);
  CHECK(reply_shape_of(read_energy{}).max_frame() == 19);
  CHECK(reply_shape_of(read_energy{energy_array::phases, 0, 0}).max_frame() == 15);
  CHECK(reply_shape_of(read_info{info_kind::serial}).max_frame() == 10);
  CHECK(reply_shape_of(read_info{info_kind::passport}).allows(16));
  CHECK(reply_shape_of(read_info{info_kind::passport}).allows(24));
  CHECK_FALSE(reply_shape_of(read_info{info_kind::passport}).allows(20));
  CHECK(reply_shape_of(read_info{info_kind::ratios}).allows(4));
  CHECK(reply_shape_of(read_info{info_kind::ratios}).allows(10));
  CHECK(reply_shape_of(read_info{info_kind::profile_pointer}).max_frame() == 12);
  CHECK(reply_shape_of(read_memory{3, 0x1230, 15}).max_frame() == 18);
  CHECK(reply_shape_of(read_aux{aux_format::single, 0x11}).max_frame() == 6);
  CHECK(reply_shape_of(read_aux{aux_format::single, 0x61}).max_frame() == 5);
  CHECK(reply_shape_of(read_aux{aux_format::single, 0x70}).max_frame() == 5);
  CHECK(reply_shape_of(read_aux{aux_format::all_short, 0x00}).max_frame() == 15);
  CHECK(reply_shape_of(read_aux{aux_format::all_short, 0x30}).max_frame() == 15);
  CHECK(reply_shape_of(read_aux{aux_format::all_short, 0x11}).max_frame() == 12);
  CHECK(reply_shape_of(read_aux{aux_format::all_full, 0x51}).max_frame() == 12);
  CHECK(reply_shape_of(read_aux{aux_format::all_short, 0x40}).max_frame() == 6);
}

TEST_CASE("incremental framing finds the end of a reply by length and CRC") {
  const request r = read_aux{aux_format::single, 0x11};
  const auto reply = seal(0x00, hex("00 40 5e"));
  for (std::size_t n = 0; n < reply.size(); ++n)
    CHECK(reply_frame_length(std::span{reply}.first(n), r) == 0);
  CHECK(reply_frame_length(reply, r) == 6);
  auto longer = reply;
  longer.push_back(0x55); // trailing noise is left to the caller
  CHECK(reply_frame_length(longer, r) == 6);
  CHECK(reply_frame_length(status_reply(0x00, 5), r) == 4);
  const request ratios = read_info{info_kind::ratios};
  CHECK(reply_frame_length(seal(1, hex("00 01 00 01")), ratios) == 7);
  CHECK(reply_frame_length(seal(1, hex("00 01 00 01 00 00 02 8f 5c 28")), ratios) == 13);
  auto broken = reply;
  broken[2] ^= 0x01;
  CHECK(reply_frame_length(broken, r) == 0);
}

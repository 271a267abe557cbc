#include "meterhub/mercury/profile.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub::mercury;
using test::error_of;
using test::hex;

TEST_CASE("08 13: the last-record pointer") {
  auto p = decode_profile_pointer(hex("00 01 0a 09 00 04 03 08 1e")); // LP sample
  REQUIRE(p);
  CHECK(p->address == 0x0001);
  CHECK(p->status == (profile_status::incomplete | profile_status::winter));
  CHECK(p->stamp == profile_stamp{9, 0, 4, 3, 8});
  CHECK(p->period_minutes == 30);
  CHECK(encode_profile_pointer(*p) == std::array<std::uint8_t, 9>{0x00, 0x01, 0x0A, 0x09, 0x00, 0x04, 0x03, 0x08, 0x1E});
  auto high = decode_profile_pointer(hex("76 e0 08 23 30 31 12 23 1e"));
  REQUIRE(high);
  CHECK(high->address == 0x76E0);
  CHECK(high->stamp == profile_stamp{23, 30, 31, 12, 23});
  CHECK(error_of(decode_profile_pointer(hex("00 01 0a 09 00 04 03 08"))) == mercury_errc::bad_length);
  CHECK(error_of(decode_profile_pointer(hex("00 01 0a 09 00 04 13 08 1e"))) == mercury_errc::bad_value);
  CHECK(error_of(decode_profile_pointer(hex("00 01 0a 09 00 04 03 08 00"))) == mercury_errc::bad_value);
}

TEST_CASE("a profile record: status, stamp, period, four little-endian counts") {
  auto r = decode_profile_record(hex("08 10 30 15 01 24 1e e8 03 ff ff 2c 01 00 00"));
  REQUIRE(r);
  CHECK(r->status == profile_status::winter);
  CHECK(r->stamp == profile_stamp{10, 30, 15, 1, 24});
  CHECK(r->period_minutes == 30);
  CHECK(r->counts == std::array<std::optional<std::uint16_t>, 4>{1000, std::nullopt, 300, 0});
  CHECK(encode_profile_record(*r) == std::array<std::uint8_t, 15>{0x08, 0x10, 0x30, 0x15, 0x01, 0x24, 0x1E, 0xE8,
                                                                   0x03, 0xFF, 0xFF, 0x2C, 0x01, 0x00, 0x00});
}

TEST_CASE("empty and broken profile cells") {
  CHECK(error_of(decode_profile_record(hex("ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff"))) ==
        mercury_errc::empty_record);
  CHECK(error_of(decode_profile_record(hex("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"))) ==
        mercury_errc::empty_record);
  CHECK(error_of(decode_profile_record(hex("08 10 30 15 01 24 1e e8 03 ff ff 2c 01 00"))) == mercury_errc::bad_length);
  CHECK(error_of(decode_profile_record(hex("08 1a 30 15 01 24 1e e8 03 ff ff 2c 01 00 00"))) ==
        mercury_errc::bad_value);
  CHECK(error_of(decode_profile_record(hex("08 10 30 30 02 24 1e e8 03 ff ff 2c 01 00 00"))) ==
        mercury_errc::bad_value);
  CHECK(error_of(decode_profile_record(hex("08 10 30 15 01 24 00 e8 03 ff ff 2c 01 00 00"))) ==
        mercury_errc::bad_value);
}

TEST_CASE("memory addresses carry bit 16 in the memory byte") {
  CHECK(memory_address_of(read_memory{0x03, 0x76E0, 15}) == 0x076E0u);
  CHECK(memory_address_of(read_memory{0x83, 0x76E0, 15}) == 0x176E0u);
}

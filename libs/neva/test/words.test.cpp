#include "meterhub/neva/words.hpp"

#include <catch2/catch.hpp>

#include "error_of.hpp"
#include "meterhub/neva/error.hpp"

using namespace meterhub;
using namespace meterhub::neva;

using test::error_of;

TEST_CASE("the status word is four hex digits") {
  CHECK(decode_status_word("0000") == 0);
  CHECK(decode_status_word("0A1F") == 0x0A1F);
  CHECK(decode_status_word("0a1f") == 0x0A1F);
  CHECK(decode_status_word("FFFF") == 0xFFFF);
  CHECK(error_of(decode_status_word("A1F")) == neva_errc::bad_format);
  CHECK(error_of(decode_status_word("0A1F0")) == neva_errc::bad_format);
  CHECK(error_of(decode_status_word("0G00")) == neva_errc::bad_format);
  CHECK(error_of(decode_status_word("")) == neva_errc::bad_format);
}

TEST_CASE("the configuration word names bits 0, 1 and 7") {
  auto none = decode_configuration_word("0000");
  REQUIRE(none);
  CHECK_FALSE(none->remote_programming());
  CHECK_FALSE(none->read_without_password());
  CHECK_FALSE(none->seasonal_clock_change());
  auto all = decode_configuration_word("0083");
  REQUIRE(all);
  CHECK(all->bits == 0x0083);
  CHECK(all->remote_programming());
  CHECK(all->read_without_password());
  CHECK(all->seasonal_clock_change());
  CHECK(decode_configuration_word("0001")->remote_programming());
  CHECK_FALSE(decode_configuration_word("0001")->read_without_password());
  CHECK(decode_configuration_word("0002")->read_without_password());
  CHECK_FALSE(decode_configuration_word("0002")->seasonal_clock_change());
  CHECK(decode_configuration_word("0080")->seasonal_clock_change());
  CHECK_FALSE(decode_configuration_word("FF7C")->remote_programming());
  CHECK_FALSE(decode_configuration_word("FF7C")->seasonal_clock_change());
  CHECK(error_of(decode_configuration_word("83")) == neva_errc::bad_format);
}

TEST_CASE("identifiers are printable text") {
  CHECK(decode_text("000V0201") == std::string{"000V0201"});
  CHECK(decode_text("12345678") == std::string{"12345678"});
  CHECK(decode_text("Flat 12         ") == std::string{"Flat 12"});
  CHECK(decode_text("") == std::string{});
  CHECK(decode_text("0123456789ABCDEF") == std::string{"0123456789ABCDEF"});
  CHECK(error_of(decode_text("0123456789ABCDEFG")) == neva_errc::bad_text);
  CHECK(error_of(decode_text(std::string_view{"12\x00""4", 4})) == neva_errc::bad_text);
  CHECK(error_of(decode_text("12\x03")) == neva_errc::bad_text);
  CHECK(error_of(decode_text("caf\xE9")) == neva_errc::bad_text);
}

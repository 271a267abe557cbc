#include <catch2/catch.hpp>

#include "meterhub/core/decimal.hpp"

using meterhub::decimal;
using meterhub::parse_decimal;

TEST_CASE("decimals keep every digit as written", "[decimal]") {
  CHECK(parse_decimal("000123.456") == decimal{123456, -3});
  CHECK(parse_decimal("-063") == decimal{-63, 0});
  CHECK(parse_decimal("+230.1") == decimal{2301, -1});
  CHECK(parse_decimal("5.") == decimal{5, 0});
  CHECK(parse_decimal(".5") == decimal{5, -1});
}

TEST_CASE("anything but a plain decimal is refused", "[decimal]") {
  for (const char* text : {"", "-", ".", "1.2.3", "0x12", "12a", " 1", "1e3", "1234567890123456789"})
    CHECK_FALSE(parse_decimal(text).has_value());
}

TEST_CASE("a decimal converts to the correctly rounded double, scaled by a power of ten", "[decimal]") {
  CHECK(parse_decimal("001234.56")->to_double(3) == 1234560.0);
  CHECK(parse_decimal("0.1")->to_double() == 0.1);
  CHECK(parse_decimal("-5")->to_double(-1) == -0.5);
}

#include "meterhub/core/text.hpp"

#include <catch2/catch.hpp>

using meterhub::as_utf8;
using meterhub::is_valid_utf8;

TEST_CASE("well-formed UTF-8 is recognised, and every kind of malformed sequence is not") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ASCII 1-0:1.8.1"));
  CHECK(is_valid_utf8("\xC3\xA9t\xC3\xA9"));           // été
  CHECK(is_valid_utf8("\xE2\x82\xAC"));                // €
  CHECK(is_valid_utf8("\xF0\x9F\x94\x8C"));            // U+1F50C
  CHECK_FALSE(is_valid_utf8("\xE9t\xE9"));             // été in ISO 8859-1
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));              // overlong "/"
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));          // overlong, three bytes
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));          // a UTF-16 surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));      // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));              // cut short
  CHECK_FALSE(is_valid_utf8("\x80"));                  // a lone continuation byte
}

TEST_CASE("device text becomes valid UTF-8 without losing a byte") {
  CHECK(as_utf8("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9"); // already UTF-8: unchanged
  CHECK(as_utf8("Prix \xE9nergie") == "Prix \xC3\xA9nergie");  // ISO 8859-1 é
  CHECK(as_utf8("\xFF\x80") == "\xC3\xBF\xC2\x80");
  CHECK(is_valid_utf8(as_utf8("\xC0\xAF\xED\xA0\x80")));
}

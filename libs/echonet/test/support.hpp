#pragma once

#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <caf/expected.hpp>

#include "meterhub/echonet/error.hpp"

namespace meterhub::echonet::test {

/// The echonet_errc of a result that must be an error (the test fails when it is a value).
template <class T>
echonet_errc error_of(const caf::expected<T>& result) {
  REQUIRE_FALSE(result);
  return static_cast<echonet_errc>(result.error().code());
}

/// "10 81 00 01" (spaces optional) as bytes; a malformed string fails the test.
inline std::vector<std::uint8_t> hex(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c)))
      digits += c;
  REQUIRE(digits.size() % 2 == 0);
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < digits.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
  return out;
}

} // namespace meterhub::echonet::test

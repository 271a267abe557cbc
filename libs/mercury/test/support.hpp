#pragma once

#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <caf/expected.hpp>

#include "meterhub/mercury/error.hpp"

namespace meterhub::mercury::test {

/// The mercury_errc of a result that must be an error (the test fails when it is a value).
template <class T>
mercury_errc error_of(const caf::expected<T>& result) {
  REQUIRE_FALSE(result);
  return static_cast<mercury_errc>(result.error().code());
}

/// The mercury_errc of an error that must be set.
inline mercury_errc error_of(const caf::error& err) {
  REQUIRE(err);
  return static_cast<mercury_errc>(err.code());
}

/// "2a 00 1e d0" (spaces optional) as bytes; a malformed string fails the test.
inline std::vector<std::uint8_t> hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::string digits;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c)))
      digits += c;
  REQUIRE(digits.size() % 2 == 0);
  for (std::size_t i = 0; i < digits.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
  return out;
}

/// One named exchange of a tests/data/mercury file.
struct exchange {
  std::vector<std::uint8_t> request; ///< "name > hex"
  std::vector<std::uint8_t> reply;   ///< "name < hex"
  std::vector<std::uint8_t> data;    ///< "name = hex"
};

/// Loads tests/data/mercury/<file> (format in its README.md).
inline std::map<std::string, exchange> load_exchanges(const std::string& file) {
  std::ifstream in{std::string{MH_TEST_DATA_DIR} + "/mercury/" + file};
  REQUIRE(in.good());
  std::map<std::string, exchange> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    const auto space = line.find(' ');
    REQUIRE(space != std::string::npos);
    const auto name = line.substr(0, space);
    const char direction = line.at(space + 1);
    auto bytes = hex(std::string_view{line}.substr(space + 2));
    auto& e = out[name];
    (direction == '>' ? e.request : direction == '<' ? e.reply : e.data) = std::move(bytes);
  }
  return out;
}

} // namespace meterhub::mercury::test

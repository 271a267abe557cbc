#pragma once

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <caf/expected.hpp>

#include "meterhub/modbus/error.hpp"
#include "meterhub/modbus/frame.hpp"

namespace meterhub::modbus {

/// Requests and responses printed in failed checks.
inline std::ostream& operator<<(std::ostream& out, const request& r) {
  out << "request{tid " << r.transaction_id << ", unit " << int{r.unit_id} << ", fc " << int(r.function) << ", @"
      << r.address << " x" << r.count << ", values";
  for (auto v : r.values)
    out << ' ' << v;
  return out << '}';
}

inline std::ostream& operator<<(std::ostream& out, const response& r) {
  out << "response{tid " << r.transaction_id << ", unit " << int{r.unit_id} << ", fc " << int(r.function)
      << ", exception " << int{r.exception_code} << ", @" << r.address << " x" << r.count << ", values";
  for (auto v : r.values)
    out << ' ' << v;
  return out << '}';
}

} // namespace meterhub::modbus

namespace meterhub::modbus::test {

/// The modbus_errc of a result that must be an error (the test fails when it is a value).
template <class T>
modbus_errc error_of(const caf::expected<T>& result) {
  REQUIRE_FALSE(result);
  return static_cast<modbus_errc>(result.error().code());
}

/// Bytes written as hex pairs, with spaces and '#' comments (to the end of the line) ignored: "01 03 00 6B".
inline std::vector<std::uint8_t> hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::string digits;
  bool comment = false;
  for (char c : text) {
    if (c == '\n')
      comment = false;
    else if (c == '#')
      comment = true;
    if (comment || !std::isxdigit(static_cast<unsigned char>(c)))
      continue;
    digits += c;
    if (digits.size() == 2) {
      out.push_back(static_cast<std::uint8_t>(std::stoi(digits, nullptr, 16)));
      digits.clear();
    }
  }
  REQUIRE(digits.empty());
  return out;
}

/// One frame per line of a hex file (comment lines and blank lines skipped).
inline std::vector<std::vector<std::uint8_t>> lines_of(std::string_view text) {
  std::vector<std::vector<std::uint8_t>> lines;
  while (!text.empty()) {
    auto end = std::min(text.find('\n'), text.size());
    auto line = hex(text.substr(0, end));
    if (!line.empty())
      lines.push_back(std::move(line));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return lines;
}

/// A test file from tests/data/modbus/.
inline std::string data_file(const std::string& name) {
  std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/modbus/" + name, std::ios::binary);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace meterhub::modbus::test

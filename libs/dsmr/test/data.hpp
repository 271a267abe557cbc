#pragma once

#include <fstream>
#include <iterator>
#include <string>

/// A test telegram from tests/data/dsmr/.
inline std::string telegram_file(const std::string& name) {
  std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/dsmr/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Shared helpers of the profile tests: profiles from text, their problems as lines, register blocks by hand.
#pragma once

#include <bit>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "meterhub/core/error.hpp"
#include "meterhub/profiles/profile.hpp"
#include "meterhub/profiles/readings.hpp"

namespace test {

/// A profile that must load.
inline meterhub::profiles::profile load(std::string_view text, const char* file = "profiles/test.yaml") {
  auto p = meterhub::profiles::load_profile_text(text, file);
  INFO((p ? std::string{} : meterhub::describe(p.error())));
  REQUIRE(p);
  return *p;
}

/// The problems of a profile that must not load, one "file: key: reason" per element.
inline std::vector<std::string> problems(std::string_view text, const char* file = "profiles/test.yaml") {
  auto p = meterhub::profiles::load_profile_text(text, file);
  REQUIRE_FALSE(p);
  auto all = meterhub::describe(p.error());
  const std::string prefix = "modbus: bad_profile: ";
  REQUIRE(all.substr(0, prefix.size()) == prefix);
  std::vector<std::string> lines;
  std::istringstream in{all.substr(prefix.size())};
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

/// A minimal Modbus profile around one group's register lines (each "      - {...}").
inline std::string modbus_profile(std::string_view registers, std::string_view extra = "") {
  return "model: Test meter\nvendor: Test\nsource: test\nprotocol: modbus\n" + std::string{extra}
         + "groups:\n  - name: main\n    interval: 10s\n    registers:\n" + std::string{registers};
}

/// The two registers of a float, high word first (ABCD).
inline std::vector<std::uint16_t> f32_abcd(float v) {
  auto bits = std::bit_cast<std::uint32_t>(v);
  return {static_cast<std::uint16_t>(bits >> 16), static_cast<std::uint16_t>(bits & 0xFFFF)};
}

/// The two registers of a float, low word first (CDAB).
inline std::vector<std::uint16_t> f32_cdab(float v) {
  auto w = f32_abcd(v);
  return {w[1], w[0]};
}

/// The two registers of a 32-bit integer, low word first (CDAB).
inline std::vector<std::uint16_t> i32_cdab(std::int32_t v) {
  auto bits = static_cast<std::uint32_t>(v);
  return {static_cast<std::uint16_t>(bits & 0xFFFF), static_cast<std::uint16_t>(bits >> 16)};
}

/// A block of `count` registers with `words` written from `offset`.
inline void put(std::vector<std::uint16_t>& block, std::size_t offset, const std::vector<std::uint16_t>& words) {
  if (block.size() < offset + words.size())
    block.resize(offset + words.size());
  std::copy(words.begin(), words.end(), block.begin() + static_cast<std::ptrdiff_t>(offset));
}

/// The reading of `quantity`, which must be there exactly once.
inline meterhub::reading only(const std::vector<meterhub::reading>& readings, std::string_view quantity) {
  std::vector<meterhub::reading> found;
  for (const auto& r : readings)
    if (r.quantity == quantity)
      found.push_back(r);
  INFO(quantity);
  REQUIRE(found.size() == 1);
  return found.front();
}

/// The group named `name`.
inline const meterhub::profiles::poll_group& group(const meterhub::profiles::profile& p, std::string_view name) {
  for (const auto& g : p.groups)
    if (g.name == name)
      return g;
  FAIL("no group " << name);
  return p.groups.front();
}

} // namespace test

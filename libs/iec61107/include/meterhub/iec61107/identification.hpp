#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

/// The meter's identification message "/XXXZ[\W]ident CR LF" (IEC 62056-21 §6.3.2; specs/iec61107-neva.md §2).
namespace meterhub::iec61107 {

struct identification {
  std::string maker;              ///< three letters, "TPC" for Taipit; a lower-case third letter means 20 ms reaction
  char baud_char = '0';           ///< the highest rate the meter offers ('5' = 9600)
  std::optional<char> enhanced;   ///< the W of an optional "\W" enhanced-identification prefix
  std::string ident;              ///< "NEVAMT324.2303": model and firmware, maker-specific

  friend bool operator==(const identification&, const identification&) = default;
};

/// Parses one identification line, with or without its CR LF. Errors name what is wrong: a maker that is not three
/// letters, a baud character outside '0'..'9', an ident that is empty, longer than 16 characters or holds '/', '!'
/// or control characters.
caf::expected<identification> parse_identification(std::string_view line);

} // namespace meterhub::iec61107

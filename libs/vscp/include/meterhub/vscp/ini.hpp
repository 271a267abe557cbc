#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

/// An INI reader with the semantics of Python's `configparser.ConfigParser()` with its defaults, which is what
/// vscp-python-p1-power-meter reads its config.ini with: `[section]` headers (case-sensitive; [DEFAULT] seen by every
/// section), `key = value` or `key: value` (first `=` or `:` wins), keys case-insensitive, values stripped, full-line
/// `#` and `;` comments (no inline comments: `a = 1 # x` is "1 # x"), continuation lines indented deeper than their
/// key, duplicate sections or keys refused (strict mode), and BasicInterpolation (`%%`, `%(name)s`) when a value is
/// read. Whitespace is Python's (ASCII and the Unicode spaces); key case folding is ASCII only.
namespace meterhub::vscp {

/// One `key = value`.
struct ini_option {
  std::string key;   ///< lower-cased, as `optionxform` does
  std::string value; ///< raw (before interpolation); continuation lines joined with '\n', trailing space removed
  int line = 0;      ///< 1-based line of the key

  friend bool operator==(const ini_option&, const ini_option&) = default;
};

/// One `[name]` and its options in file order.
struct ini_section {
  std::string name;
  int line = 0;
  std::vector<ini_option> options;

  /// The option `key` (lower case) of this section only; nullptr when absent.
  const ini_option* find(std::string_view key) const noexcept;
};

/// A parsed file.
struct ini_document {
  /// [DEFAULT]: its options are visible in every section.
  ini_section defaults{"DEFAULT", 0, {}};
  std::vector<ini_section> sections;

  /// The section called exactly `name`; nullptr when absent.
  const ini_section* section(std::string_view name) const noexcept;
  /// `key` as `key in config[section]` sees it: the section's own option, else DEFAULT's; nullptr when neither.
  const ini_option* lookup(const ini_section& s, std::string_view key) const noexcept;
};

/// Parses `text` (UTF-8; a leading byte order mark is skipped; lines end in \n, \r\n or \r). Error `syntax` with the
/// line number and the reason for text configparser refuses: not UTF-8, an option before any section header, a line
/// that is no header, option or comment, an empty key, a section or key given twice.
caf::expected<ini_document> parse_ini(std::string_view text);

/// The value of `opt` read from section `s` as configparser returns it: `%%` becomes `%`, `%(name)s` the (itself
/// interpolated) value of `name` in `s` or DEFAULT, at most 10 levels deep. Error `bad_interpolation` naming
/// "section.key" for any other `%`, an unknown name or a reference loop.
caf::expected<std::string> interpolate(const ini_document& doc, const ini_section& s, const ini_option& opt);

} // namespace meterhub::vscp

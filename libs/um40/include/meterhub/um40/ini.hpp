#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

/// The maker's `settings.ini`, which UM-40 testers already keep their connection settings in: read as Python's
/// `configparser.ConfigParser(strict=True)` reads it, so a file that works with their test suite works here and a
/// file configparser refuses is refused here too. Values are raw strings: no `%(name)s` interpolation.
namespace meterhub::um40 {

/// One `key = value` of a section, the key as written.
struct ini_entry {
  std::string key;
  std::string value;     ///< stripped; continuation lines joined with "\n"
  std::size_t line = 0;  ///< where the key is, for error messages that must not quote the value
};

/// One `[name]` section: its keys in file order.
struct ini_section {
  std::string name;
  std::vector<ini_entry> entries;

  /// The entry whose key equals `key` ignoring ASCII case (configparser lowercases keys), or null.
  const ini_entry* find(std::string_view key) const noexcept;
};

/// One parsed settings.ini: sections in file order, keys as written (lookups are case-insensitive for keys, as
/// configparser lowercases them; section names are case-sensitive, as in configparser).
struct ini_file {
  ini_section defaults;                ///< the `[DEFAULT]` keys, visible from every section (empty when absent)
  std::vector<ini_section> named;      ///< every other section, in file order

  /// The value of `key` in `section`, else in `[DEFAULT]`; nullopt when either is absent. `section` "DEFAULT"
  /// reads `[DEFAULT]` alone, as `config["DEFAULT"][key]` does.
  std::optional<std::string> get(std::string_view section, std::string_view key) const;

  /// The section names in file order, without DEFAULT (as `configparser.sections()`).
  std::vector<std::string> sections() const;
};

/// Parses settings.ini text (UTF-8, an optional BOM, LF, CRLF or CR line ends). Follows configparser's rules:
/// `key = value` or `key: value` split at the first `=` or `:`; whitespace around key and value stripped; lines
/// starting with `#` or `;` (after any indentation) are comments; no inline comments; a line indented deeper than
/// its key's line continues the value (blank lines inside are kept, trailing ones dropped). bad_ini ("line N:
/// reason") for a line that is none of these, a key before any section, or a section or key given twice. Errors
/// name keys and sections, never values: the file holds passwords.
caf::expected<ini_file> parse_ini(std::string_view text);

/// The SSH connection a tester's section describes.
struct ini_connection {
  std::string host;     ///< IP_address
  int port = 22;        ///< IP_port
  std::string user;     ///< user_login
  std::string password; ///< user_password; empty for key authentication
};

/// Reads `IP_address`, `IP_port`, `user_login` and `user_password` of `section` (or of `[DEFAULT]`), ignoring the
/// other keys the maker's suite keeps there. missing_setting names the section and key when the section, the
/// address or the login is absent or empty; bad_ini names IP_port (with its line) when it is not a number 1…65535.
caf::expected<ini_connection> connection_from_ini(const ini_file& file, std::string_view section);

} // namespace meterhub::um40

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/vscp/config_ini.hpp"
#include "meterhub/vscp/ini.hpp"

/// The pieces of `read_config_ini`, one section each, sharing the document, the result and its warnings.
namespace meterhub::vscp::detail {

/// Reads keys of one parsed config.ini into an `ini_config`.
struct config_reader {
  const ini_document& doc;
  ini_config& out;

  /// Adds a warning for "section.key".
  void warn(const ini_section& s, std::string_view key, std::string reason);
  /// True when `key in config[section]` (the section or DEFAULT has it).
  bool has(const ini_section& s, std::string_view key) const noexcept;
  /// The interpolated value; nullopt when absent.
  caf::expected<std::optional<std::string>> text(const ini_section& s, std::string_view key) const;
  /// A boolean with meterhub's rule and the script's as fallback, warning when they differ; nullopt when absent.
  caf::expected<std::optional<bool>> boolean(const ini_section& s, std::string_view key);
  /// A Python `int()` in lo..hi; nullopt when absent; `bad_value` otherwise.
  caf::expected<std::optional<std::int64_t>> integer(const ini_section& s, std::string_view key, std::int64_t lo,
                                                     std::int64_t hi) const;
};

/// "VSCP.zone".
std::string key_name(const ini_section& s, std::string_view key);

/// Python's `int(text)` for ASCII decimal text: sign, digits, single underscores between digits; saturates far
/// outside int64 (every caller range-checks). nullopt when Python would raise ValueError.
std::optional<std::int64_t> parse_python_int(std::string_view text) noexcept;

/// [GENERAL]: one_shot, no_vscp and the five switches.
caf::error read_general(config_reader& r, const ini_section& s);
/// [VSCP]: guid, zone, subzone, the 26 ids and sensor indexes.
caf::error read_vscp(config_reader& r, const ini_section& s);
/// [MQTT]: host, port, user, password, topic, qos and the 26 notes.
caf::error read_mqtt(config_reader& r, const ini_section& s);
/// Warns about [SERIAL] (ignored), unknown sections and keys that neither the script nor meterhub reads.
void warn_unread(config_reader& r);

} // namespace meterhub::vscp::detail

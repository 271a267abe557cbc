#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <caf/expected.hpp>

namespace meterhub::um40 {

/// One column value as meter.db holds it: NULL, an integer, a real or text. SQLite's affinity means the declared
/// column types do not constrain storage, so the codec decides the kind from the tag (`tag_def::kind`).
using value = std::variant<std::monostate, std::int64_t, double, std::string>;

/// What a tag's values are. Flags are integers restricted to 0 and 1 (the spec's BOOLEAN and 0/1 columns).
enum class value_kind : std::uint8_t { real, integer, flag, text };

inline bool is_null(const value& v) noexcept { return std::holds_alternative<std::monostate>(v); }

/// The value as an SQL literal for the sqlite3 shell, which older devices run without bind parameters: NULL,
/// integers in decimal, reals in the shortest form that reads back exactly, text in single quotes with quotes
/// doubled. Text with a NUL byte is refused (bad_text), and so are NaN and infinities (bad_value).
caf::expected<std::string> to_sql_literal(const value& v);

/// Reads `text` as a value of `kind` ("12.5" for real, "1" for flag, "NULL"/"None" for NULL as the reference
/// generator accepts); bad_value names the tag and what was expected.
caf::expected<value> parse_value(std::string_view tag, value_kind kind, std::string_view text);

/// Checks that `v` has `kind` (an integer is taken as a real); bad_value names the tag otherwise.
caf::expected<value> coerce(std::string_view tag, value_kind kind, value v);

} // namespace meterhub::um40

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

/// Text exactly as Python writes it, so payloads match what vscp-python-p1-power-meter's `json.dumps` produced byte
/// for byte (shared/specs/vscp.md §5).
namespace meterhub::vscp {

/// Python's `repr(float)`: the shortest text that reads back as the same double (David Gay's / std::to_chars'
/// shortest round trip), fixed notation with at least one digit after the point ("0.0", "240.3", "6678.394",
/// "1000000000000000.0") while the decimal exponent is in -4 .. 15, exponent notation otherwise with a signed,
/// at least two-digit exponent ("1e+16", "1e-05", "1.5e-07", "5e-324"); "inf", "-inf", "nan" for the rest.
std::string python_float_repr(double value);

/// Appends `text` as `json.dumps` writes a str with its defaults (ensure_ascii): in quotes, `"` and `\` escaped,
/// \n \r \t \b \f as such, every other character outside ' '..'~' as \uXXXX with lower-case hex, characters above
/// U+FFFF as a surrogate pair. Text that is not valid UTF-8 is read as ISO 8859-1 (`meterhub::as_utf8`).
void append_json_string(std::string& out, std::string_view text);

/// `value` × 10^places computed on the decimal digits of `value` (the shortest repr), then rounded once to the
/// nearest double, so 6678394 Wh shifted by -3 is exactly the double Python reads from "6678.394" (a division by
/// 1000 agrees for whole numbers; a multiplication by 0.001 does not always). Overflow gives ±inf, underflow ±0.
double shift_decimal(double value, int places) noexcept;

/// `value` × `scale`, through `shift_decimal` when `scale` is ±10^k (so a scale of 0.001 is exact in decimal) and
/// by a plain multiplication otherwise.
double scale_value(double value, double scale) noexcept;

/// "YYYY-MM-DDTHH:MM:SSZ" of `unix_ms` in UTC, the milliseconds dropped (the script's `vscpDateTime`).
std::string format_vscp_datetime(std::int64_t unix_ms);

} // namespace meterhub::vscp

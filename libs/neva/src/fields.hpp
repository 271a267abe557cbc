#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <caf/error.hpp>

#include "meterhub/neva/error.hpp"

/// Small building blocks shared by the decoders; not part of the public API.
namespace meterhub::neva::detail {

/// Most digits a numeric field may carry. The longest format of the spec has 8 ("XXXXXX.XX"); 12 leaves room for
/// wider models while any value, scaled to milli-units, stays far inside int64.
inline constexpr int max_number_digits = 12;

/// The value of a hex digit (either case), -1 for any other character.
int hex_digit(char c) noexcept;

/// A fixed-width field of decimal digits as an integer ("0704" → 704); nullopt for an empty field, more than 9
/// characters or any non-digit.
std::optional<unsigned> parse_digits(std::string_view field) noexcept;

/// The field as an error message may quote it: non-printable bytes as '?', at most 24 characters.
std::string show(std::string_view field);

/// An error of `code` with the detail "what 'field'".
caf::error field_error(neva_errc code, std::string_view what, std::string_view field);

/// True for "digits" or "digits.digits", with one leading '-' when `allow_sign`: the only number shapes NEVA
/// meters write (no exponent, no lone dot, no '+').
bool is_plain_number(std::string_view field, bool allow_sign) noexcept;

/// Days in a month; February has 29 when `year` is 0 (a yearly date such as a season start) or a leap year.
unsigned days_in_month(int year, unsigned month) noexcept;

} // namespace meterhub::neva::detail

// Small text helpers of the profile library (internal).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <caf/error.hpp>

namespace meterhub::profiles::detail {

/// `"text"`, for values quoted in messages.
std::string in_quotes(std::string_view text);

/// The shortest text that reads back as `v` ("65536", "0.1", "1e+20").
std::string number_text(double v);

/// A finite decimal number ("65536", "1e3"), nullopt otherwise.
std::optional<double> parse_number(std::string_view text);

/// The detail of an error made by make_error ("the float is NaN or infinite"), without category and code.
std::string error_detail(const caf::error& err);

} // namespace meterhub::profiles::detail

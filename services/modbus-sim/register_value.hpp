#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "meterhub/modbus/value.hpp"
#include "meterhub/profiles/profile.hpp"

/// A value as a device stores it: the published value (V, Wh, a state) scaled back into the register's raw counts
/// with the profile's scale (and scale factor), fitted to its type the way a device's firmware does it (counters
/// wrap at their width, other values stop at the type's limits), and encoded in its word order. The inverse reads
/// what a client wrote.
namespace meterhub::modbus_sim {

/// The raw value that shows `value` in `def` (`exponent`: the 10^sf of its scale register), fitted to its type.
/// `counter`: a value that wraps at the register's width (energies, pulse counts) rather than stopping at it;
/// `def.wrap` wraps it at that modulus first.
modbus::raw_value raw_for(const profiles::register_def& def, double value, int exponent, bool counter);

/// `raw` fitted to `spec`'s type: numbers rounded for integer types and clamped to the type's range, text
/// cut to the string's length with unprintable bytes replaced, numbers for a string written as text.
modbus::raw_value fit(const modbus::raw_value& raw, const modbus::value_spec& spec);

/// The words of `raw` (fitted first) in `def`'s type and word order.
std::vector<std::uint16_t> words_for(const profiles::register_def& def, const modbus::raw_value& raw);

/// The published value that `words` hold for `def` (a write), or nullopt when they do not decode (NaN, a BCD
/// digit above 9) or hold text.
std::optional<double> published_value(const profiles::register_def& def, std::span<const std::uint16_t> words,
                                      int exponent);

} // namespace meterhub::modbus_sim

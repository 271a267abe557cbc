#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/decimal.hpp"

/// Decoders for the numbers inside a NEVA reply's parentheses (spec §6). Exact: values stay meterhub::decimal or
/// integers in the smallest unit, so "kWh with two decimals" never loses a Wh. Every field is bytes from the meter:
/// a decoder answers with a `neva_errc` error, never with a guess.
namespace meterhub::neva {

/// Values in an energy or maximum-demand list: total, then tariffs T1..T4.
inline constexpr std::size_t tariff_list_size = 5;

/// Splits a list reply at its commas into exactly `count` fields; `wrong_count` when the meter sent more or fewer,
/// so no caller ever indexes blindly. A reply without a comma is a list of one.
caf::expected<std::vector<std::string_view>> split_list(std::string_view reply, std::size_t count);

/// A plain decimal as the meter writes it ("00015.4", "230.12"): digits with at most one '.', no sign unless
/// `allow_sign` (phase angles), at most 12 digits. Voltage, current, frequency, power in W, reactive power in var.
caf::expected<decimal> decode_number(std::string_view field, bool allow_sign = false);

/// An energy register field "XXXXXX.XX" in kWh (or kvarh) as exact Wh (varh): "001234.56" → 1234560. At most three
/// decimals, the most that maps to whole Wh.
caf::expected<std::int64_t> decode_energy(std::string_view field);

/// An energy list reply: total, T1..T4 in Wh (varh).
caf::expected<std::array<std::int64_t, tariff_list_size>> decode_energy_list(std::string_view reply);

/// A power field in kW ("01.2345" on MT3xx, "001.234" on MT1) as an exact decimal in W ("01.2345" → 1234.5).
caf::expected<decimal> decode_kilowatts(std::string_view field);

/// A maximum-demand list reply (0F.06.80): maximum, maximum in T1..T4, in W.
caf::expected<std::array<decimal, tariff_list_size>> decode_demand_list(std::string_view reply);

/// The character of the load a power factor describes.
enum class load_character : std::uint8_t {
  unity,      ///< cos φ = 1 (prefix digit 2)
  inductive,  ///< prefix digit 1 or letter L
  capacitive, ///< prefix digit 0 or letter C
};

/// "L", "C", or "" for unity: the text a power-factor reading carries.
std::string_view to_string(load_character c) noexcept;

/// A power factor: its magnitude (0..1) and the load's character.
struct power_factor {
  decimal magnitude;
  load_character character = load_character::unity;

  friend bool operator==(const power_factor&, const power_factor&) = default;
};

/// Decodes every form of spec §6: a digit prefix (0 capacitive, 1 inductive, 2 unity) or a letter prefix (C, L),
/// followed by "X.XXX" (three-phase "YX.XXX") or "X.XX" (MT1 "NX.XX"). Unity reports 1 with the field's decimals
/// ("20.000" → 1.000) whatever digits follow. A magnitude above 1 is `out_of_range`.
caf::expected<power_factor> decode_power_factor(std::string_view field);

/// Temperature in °C: three digits on MT3xx ("029" = 29), four on MT1 ("0029"); the first digit is the sign,
/// 0 positive and 1 negative ("105" = −5). Any other first digit is `out_of_range`.
caf::expected<int> decode_temperature(std::string_view field);

} // namespace meterhub::neva

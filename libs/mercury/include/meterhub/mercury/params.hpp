#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/mercury/request.hpp"
#include "meterhub/mercury/values.hpp"

/// Auxiliary-parameter replies (08 11 / 08 14 / 08 16 <BWRI>, spec §5), both directions. Values stay raw here
/// (magnitude and direction bits); items.hpp scales them into readings.
namespace meterhub::mercury {

/// The values of a reply to `r` in reply order (sum first for sum codes, then L1…L3); nullopt for a missing value
/// (FF…). 2-byte values (KU little-endian, temperature big-endian, protocol.hpp note 11) come back as the magnitude
/// of a word with both direction bits clear. `bad_length` when `data` does not fit aux_layout_of(r).
caf::expected<std::vector<std::optional<aux_word>>> decode_aux_values(const read_aux& r,
                                                                      std::span<const std::uint8_t> data);

/// Meter side: the reply data for `r` from its values (missing ones as FF…). `values` must hold
/// aux_layout_of(r).values entries; extra ones are ignored and absent ones written as missing.
std::vector<std::uint8_t> encode_aux_values(const read_aux& r, const std::vector<std::optional<aux_word>>& values);

/// The parameter number of a BWRI (its high nibble: 0 power, 1 voltage, 2 current, 3 power factor, 4 frequency,
/// 5 angles, 6 KU, 7 temperature).
constexpr std::uint8_t parameter_of(std::uint8_t bwri) noexcept {
  return static_cast<std::uint8_t>(bwri >> 4);
}

/// The phase a value of a reply to `r` stands for: 0 sum, 1…3; `index` counts values in reply order.
std::uint8_t phase_of_value(const read_aux& r, std::size_t index) noexcept;

} // namespace meterhub::mercury

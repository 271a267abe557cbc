#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/mercury/request.hpp"

/// Energy-array replies (05 <A<<4|M> <T>, spec §4–5), both directions: four 4-byte words A+, A−, R+, R−, or three
/// (A+ of L1, L2, L3) for array 6. Counts stay raw here; items.hpp and backfill.hpp scale them.
namespace meterhub::mercury {

/// The counts of a reply to `r`, in reply order; nullopt for a quantity the meter does not measure (FF FF FF FF).
/// `bad_length` for another size than 16 (12 for array 6).
caf::expected<std::vector<std::optional<std::uint32_t>>> decode_energy_array(const read_energy& r,
                                                                             std::span<const std::uint8_t> data);

/// Meter side: the reply data for `r` (4 or 3 words; absent entries written as not measured).
std::vector<std::uint8_t> encode_energy_array(const read_energy& r,
                                              const std::vector<std::optional<std::uint32_t>>& counts);

} // namespace meterhub::mercury

#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "meter_history.hpp"
#include "meterhub/mercury/request.hpp"
#include "meterhub/mercury/values.hpp"
#include "physics.hpp"

/// The numbers in a simulated Mercury meter's replies, from its model and history: auxiliary values scaled to
/// the protocol's counts (spec §5: 0.01 W, var, VA, V, Hz and degree, 0.001 A and power factor) with their
/// direction bits, and energy arrays in counts of `energy_wh_per_count` (spec §4: since reset, per tariff, per
/// phase, per year, month and day, and at their starts). Pure.
namespace meterhub::modbus_sim {

/// The values of an 08 11 / 08 14 / 08 16 reply in reply order; nullopt for a phase the meter lacks.
std::vector<std::optional<mercury::aux_word>> aux_values(const mercury::read_aux& r, const device_physics& m);

/// The counts of a 05 reply (A+, A−, R+, R−, or A+ of L1-L3 for array 6); all nullopt when the history does not
/// reach back to the period asked for, or for tariff 5.
std::vector<std::optional<std::uint32_t>> energy_counts(const mercury::read_energy& r, const device_physics& m,
                                                        const meter_history& h, double wh_per_count);

} // namespace meterhub::modbus_sim

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "meterhub/core/obis.hpp"
#include "meterhub/core/reading.hpp"

/// The checks that keep profiles inside the platform's one vocabulary (ARCHITECTURE.md §3): every quantity is an
/// OBIS code or an `x:` name, and an OBIS quantity carries the SI unit its code implies.
namespace meterhub::profiles {

/// The quantity in canonical form ("1-0:32.7.0" for "1-0:32.7.0*255", "x:di.3" unchanged), or nullopt when it is
/// neither an OBIS code nor `x:` followed by `[a-z0-9_.]+`.
std::optional<std::string> canonical_quantity(std::string_view text);

/// The unit an electricity OBIS code (A = 1) is published in, when the code fixes one: C = 1/2/15/16/21/22/41/42/
/// 61/62 active (W for D = 4..7, Wh for D = 8/9), 3/4/23/24/43/44/63/64 reactive (var, varh), 9/10/29/30/49/50/69/70
/// apparent (VA, VAh); for D = 7: 12/32/52/72 V, 11/31/51/71/91 A, 13/33/53/73 none (power factor), 14 Hz,
/// 81 degree. Nullopt: the code does not decide (another medium, another D, `x:` names).
std::optional<meterhub::unit> expected_unit(const obis_code& code) noexcept;

/// A unit symbol as profiles write it: `unit_from_string`'s symbols ("Wh", "var", "°C", "") plus "degree" for "°".
std::optional<meterhub::unit> profile_unit(std::string_view text) noexcept;

} // namespace meterhub::profiles

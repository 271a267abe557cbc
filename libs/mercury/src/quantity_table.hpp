#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "meterhub/core/reading.hpp"

/// The one table from Mercury 23x parameters to the platform's vocabulary (ARCHITECTURE.md §3, spec §5). Tested
/// row by row in test/items.test.cpp.
namespace meterhub::mercury::detail {

/// Which direction bit of a 3-byte word picks the export code (or the sign).
enum class direction : std::uint8_t {
  none,     ///< U, I, S, frequency, angles: bits ignored
  active,   ///< bit 7
  reactive, ///< bit 6
};

/// One BWRI family: its codes by phase (index 0 = sum, 1…3 = L1…L3; empty = not published).
struct aux_row {
  std::uint8_t parameter = 0;  ///< BWRI high nibble
  std::uint8_t power_kind = 0; ///< BWRI bits 3-2 (P 0, Q 1, S 2) for parameter 0, else 0
  std::array<std::string_view, 4> import_codes;
  std::array<std::string_view, 4> export_codes; ///< used when the direction bit is set; empty: sign instead
  meterhub::unit unit = meterhub::unit::none;
  int exponent = 0; ///< value = raw × 10^exponent
  direction dir = direction::none;
  bool signed16 = false; ///< a 2-byte two's-complement value (temperature)
};

/// The row for a BWRI, or nullptr for parameters the platform does not publish.
const aux_row* find_aux_row(std::uint8_t bwri) noexcept;

/// Energy registers of a 4-word array, in reply order (A+, A−, R+, R−): OBIS group C and unit.
struct energy_column {
  std::uint8_t c = 1;
  meterhub::unit unit = meterhub::unit::wh;
};
inline constexpr std::array<energy_column, 4> energy_columns{{
  {1, meterhub::unit::wh},
  {2, meterhub::unit::wh},
  {3, meterhub::unit::varh},
  {4, meterhub::unit::varh},
}};

/// Per-phase A+ of array 6 (L1, L2, L3).
inline constexpr std::array<std::string_view, 3> phase_energy_codes{"1-0:21.8.0", "1-0:41.8.0", "1-0:61.8.0"};

/// Power-profile period energies (A+, A−, R+, R−): OBIS D = 29, the energy of the capture period, as the UM-40
/// mapping reads them (libs/um40 mapping.hpp).
inline constexpr std::array<std::string_view, 4> profile_codes{"1-0:1.29.0", "1-0:2.29.0", "1-0:3.29.0",
                                                               "1-0:4.29.0"};

} // namespace meterhub::mercury::detail

#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include <caf/expected.hpp>

/// Turning a meter's cumulative counts into energy: Wh = count × coefficient (D3) × unit (E1) × 1000 (spec §6).
namespace meterhub::echonet {

/// kWh per count of an E1 unit code (0x00 = 1, 0x01 = 0.1 … 0x0D = 10 000); nullopt for codes outside the table.
std::optional<double> kwh_per_count(std::uint8_t unit_code) noexcept;

/// What the caller read once per session (D3 and E1) and holds to scale every cumulative value after it.
struct meter_scale {
  std::uint32_t coefficient = 1; ///< D3; 1 when the meter refuses D3 (Get_SNA)
  std::uint8_t unit_code = 0x00; ///< E1 as received

  /// Wh per raw count; nullopt when the unit code is unknown, so the caller marks readings invalid instead of
  /// guessing a scale.
  std::optional<double> wh_per_count() const noexcept;

  friend bool operator==(const meter_scale&, const meter_scale&) = default;
};

/// The scale from the D3 and E1 EDTs as a Get or Get_SNA returned them: an empty D3 (refused) means 1,
/// an E1 outside the table is `unknown_unit`, wrong sizes are `bad_size`.
caf::expected<meter_scale> make_meter_scale(std::span<const std::uint8_t> coefficient_edt,
                                            std::span<const std::uint8_t> unit_edt);

} // namespace meterhub::echonet

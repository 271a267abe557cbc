#include "meterhub/echonet/scale.hpp"

#include "meterhub/echonet/meter.hpp"

namespace meterhub::echonet {

std::optional<double> kwh_per_count(std::uint8_t unit_code) noexcept {
  switch (unit_code) { // spec §6, the E1 table
    case 0x00:
      return 1.0;
    case 0x01:
      return 0.1;
    case 0x02:
      return 0.01;
    case 0x03:
      return 0.001;
    case 0x04:
      return 0.0001;
    case 0x0A:
      return 10.0;
    case 0x0B:
      return 100.0;
    case 0x0C:
      return 1000.0;
    case 0x0D:
      return 10000.0;
    default:
      return std::nullopt;
  }
}

std::optional<double> meter_scale::wh_per_count() const noexcept {
  auto kwh = kwh_per_count(unit_code);
  if (!kwh)
    return std::nullopt;
  return *kwh * 1000.0 * static_cast<double>(coefficient);
}

caf::expected<meter_scale> make_meter_scale(std::span<const std::uint8_t> coefficient_edt,
                                            std::span<const std::uint8_t> unit_edt) {
  auto coefficient = decode_coefficient(coefficient_edt);
  if (!coefficient)
    return coefficient.error();
  auto unit = decode_energy_unit(unit_edt);
  if (!unit)
    return unit.error();
  return meter_scale{*coefficient, *unit};
}

} // namespace meterhub::echonet

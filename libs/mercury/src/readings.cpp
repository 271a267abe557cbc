#include <string>

#include "meterhub/core/decimal.hpp"
#include "meterhub/mercury/energy.hpp"
#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/items.hpp"
#include "meterhub/mercury/params.hpp"
#include "quantity_table.hpp"

namespace meterhub::mercury {

namespace {

using readings = std::vector<reading>;

reading make_reading(std::string_view quantity, double value, meterhub::unit u, std::int64_t time_ms) {
  reading r;
  r.quantity = std::string{quantity};
  r.value = value;
  r.unit = u;
  r.time_ms = time_ms;
  return r;
}

bool direction_bit(const detail::aux_row& row, const aux_word& w) noexcept {
  switch (row.dir) {
    case detail::direction::active:
      return w.active_negative;
    case detail::direction::reactive:
      return w.reactive_negative;
    case detail::direction::none:
      break;
  }
  return false;
}

/// One value as a reading: the import code, or the export code with a positive value when the direction bit says
/// so (a zero magnitude stays import), or a negative value where the row has no export code (power factor).
std::optional<reading> aux_reading(const detail::aux_row& row, std::uint8_t phase, const aux_word& w,
                                   std::int64_t time_ms) {
  if (phase > 3 || row.import_codes[phase].empty())
    return std::nullopt;
  double value = row.signed16 ? static_cast<double>(static_cast<std::int16_t>(w.magnitude & 0xFFFF))
                              : decimal{static_cast<std::int64_t>(w.magnitude), row.exponent}.to_double();
  auto code = row.import_codes[phase];
  if (direction_bit(row, w) && w.magnitude != 0) {
    if (!row.export_codes[phase].empty())
      code = row.export_codes[phase];
    else
      value = -value;
  }
  return make_reading(code, value, row.unit, time_ms);
}

caf::expected<readings> aux_readings(const read_aux& r, std::span<const std::uint8_t> data, std::int64_t time_ms) {
  auto values = decode_aux_values(r, data);
  if (!values)
    return values.error();
  readings out;
  const auto* row = detail::find_aux_row(r.bwri);
  if (row == nullptr)
    return out;
  for (std::size_t i = 0; i < values->size(); ++i)
    if (const auto& w = (*values)[i])
      if (auto reading = aux_reading(*row, phase_of_value(r, i), *w, time_ms))
        out.push_back(std::move(*reading));
  return out;
}

std::string energy_code(std::uint8_t c, std::uint8_t tariff) {
  return "1-0:" + std::to_string(c) + ".8." + std::to_string(tariff);
}

caf::expected<readings> energy_readings(const read_energy& r, std::span<const std::uint8_t> data, const options& o,
                                        std::int64_t time_ms) {
  if (r.array != energy_array::from_reset && r.array != energy_array::phases)
    return make_error(mercury_errc::bad_argument, "energy array " + std::to_string(static_cast<int>(r.array)) +
                                                      " is an archive, not a live value");
  auto counts = decode_energy_array(r, data);
  if (!counts)
    return counts.error();
  readings out;
  for (std::size_t i = 0; i < counts->size(); ++i) {
    const auto& count = (*counts)[i];
    if (!count)
      continue;
    const double value = static_cast<double>(*count) * o.energy_wh_per_count;
    if (r.array == energy_array::phases) {
      if (i < o.phases)
        out.push_back(make_reading(detail::phase_energy_codes[i], value, meterhub::unit::wh, time_ms));
    } else {
      const auto& column = detail::energy_columns[i];
      out.push_back(make_reading(energy_code(column.c, r.tariff), value, column.unit, time_ms));
    }
  }
  return out;
}

} // namespace

caf::expected<std::vector<reading>> readings_of(const request& r, std::span<const std::uint8_t> data,
                                                const options& o, std::int64_t time_ms) {
  if (const auto* aux = std::get_if<read_aux>(&r))
    return aux_readings(*aux, data, time_ms);
  if (const auto* energy = std::get_if<read_energy>(&r))
    return energy_readings(*energy, data, o, time_ms);
  return make_error(mercury_errc::bad_argument, "not a live-value request");
}

} // namespace meterhub::mercury

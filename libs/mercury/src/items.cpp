#include "meterhub/mercury/items.hpp"

namespace meterhub::mercury {

namespace {

constexpr std::array<std::string_view, 13> names{
  "power",     "reactive_power", "apparent_power", "voltage",      "current",        "power_factor", "frequency",
  "angles",    "ku",             "temperature",    "energy_total", "energy_tariffs", "energy_phases",
};

/// The 3-phase BWRI of each aux item (sum codes for P, Q, S and PF; phase-1 codes for U, I and angles).
std::uint8_t group_code(item i) noexcept {
  switch (i) {
    case item::reactive_power:
      return 0x04;
    case item::apparent_power:
      return 0x08;
    case item::voltage:
      return 0x11;
    case item::current:
      return 0x21;
    case item::power_factor:
      return 0x30;
    case item::angles:
      return 0x51;
    default:
      return 0x00;
  }
}

/// A one-phase meter reads the single value: the sum code for P, Q, S, PF, L1 for U and I.
request single(std::uint8_t bwri) {
  return read_aux{aux_format::single, bwri};
}

std::vector<request> aux_requests(item i, const options& o) {
  const auto code = group_code(i);
  if (o.phases == 3)
    return {read_aux{aux_format::all_short, code}};
  if (i == item::angles)
    return {};
  return {single(code)};
}

std::vector<request> energy_requests(item i, const options& o) {
  switch (i) {
    case item::energy_total:
      return {read_energy{energy_array::from_reset, 0, 0}};
    case item::energy_phases:
      return {read_energy{energy_array::phases, 0, 0}};
    default:
      break;
  }
  std::vector<request> out;
  for (unsigned t = 1; t <= o.tariffs && t <= 4; ++t)
    out.push_back(read_energy{energy_array::from_reset, 0, static_cast<std::uint8_t>(t)});
  return out;
}

} // namespace

std::string_view to_string(item i) noexcept {
  const auto index = static_cast<std::size_t>(i);
  return index < names.size() ? names[index] : std::string_view{};
}

std::optional<item> item_from_string(std::string_view name) noexcept {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name)
      return static_cast<item>(i);
  return std::nullopt;
}

std::vector<request> item_requests(item i, const options& o) {
  switch (i) {
    case item::frequency:
      return {single(0x40)};
    case item::temperature:
      return {single(0x70)};
    case item::ku: {
      std::vector<request> out{single(0x61)};
      if (o.phases == 3)
        out.insert(out.end(), {single(0x62), single(0x63)});
      return out;
    }
    case item::energy_total:
    case item::energy_tariffs:
    case item::energy_phases:
      return energy_requests(i, o);
    default:
      return aux_requests(i, o);
  }
}

} // namespace meterhub::mercury

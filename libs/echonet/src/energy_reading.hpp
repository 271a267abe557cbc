#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "meterhub/core/reading.hpp"
#include "meterhub/echonet/meter.hpp"
#include "meterhub/echonet/scale.hpp"

namespace meterhub::echonet::detail {

inline constexpr std::string_view import_energy = "1-0:1.8.0";
inline constexpr std::string_view export_energy = "1-0:2.8.0";

/// A cumulative count as a Wh reading: none for "no data", a value-less invalid reading when the count is out of
/// range or the unit unknown (spec §6 "refuse to scale, mark readings invalid").
std::optional<reading> energy_reading(std::string_view quantity, const sample<std::uint32_t>& count,
                                      const meter_scale& scale, std::int64_t time_ms);

} // namespace meterhub::echonet::detail

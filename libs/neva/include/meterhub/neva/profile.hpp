#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/decimal.hpp"

/// The load profile register 63.01.00*NN: average power of each interval of the day NN days ago (spec §5, §6).
/// Models disagree on its unit: the manual's MT1 writes "XX.XX" kW, the MT324 writes five-digit integers in W.
/// The decoder tells the two apart by the decimal point unless the caller forces the unit for a model.
namespace meterhub::neva {

/// The power unit a profile's values are written in.
enum class power_scale : std::uint8_t {
  watt,     ///< plain integers ("03977"), MT324
  kilowatt, ///< values with a decimal point ("01.25"), the manual's format
};

/// One day of averages, values exactly as written.
struct load_profile {
  std::vector<decimal> values; ///< 24 (hourly) or 48 (half-hourly) averages, in `scale`
  power_scale scale = power_scale::watt;

  /// Minutes each value averages: 1440 / values.size() (60 or 30).
  int interval_minutes() const noexcept;

  /// Value i in W, exact (a kW value's exponent raised by 3).
  decimal watts(std::size_t i) const noexcept;

  friend bool operator==(const load_profile&, const load_profile&) = default;
};

/// Decodes a profile reply of 24 or 48 unsigned values (`wrong_count` otherwise). Without `forced`, the scale is
/// kW when the values have a decimal point and W when none has; a mix of both is `bad_format`.
caf::expected<load_profile> decode_load_profile(std::string_view reply,
                                                std::optional<power_scale> forced = std::nullopt);

} // namespace meterhub::neva

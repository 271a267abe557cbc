#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/core/decimal.hpp"

/// Exact energies in integer milli-watt-hours (spec iec61107-neva §7.2–7.3). A 30-minute average of P watts is
/// P × 500 mWh, so W with up to two decimals and kW with up to five stay whole numbers; doubles would lose a Wh.
namespace meterhub::tariff {

/// Unit of the load-profile values (63.01.00). Meters disagree (spec §7 "ambiguities"): the manual prints `XX.XX`
/// kW, an MT324 answers five-digit W integers. A per-model setting should decide; infer_profile_unit is the fallback.
enum class power_unit : std::uint8_t {
  watt,
  kilowatt,
};

/// The spec's rule of thumb for a profile reply: kilowatt when any value was written with a decimal point (a
/// negative exponent), watt when all are plain integers. Verify the guess with the day's drift (consistency.hpp).
power_unit infer_profile_unit(std::span<const decimal> values) noexcept;

/// Energy of one interval in mWh: P[W] × minutes × 1000 / 60, computed exactly. Errors: negative_value;
/// inexact_value when the result is no whole number of mWh, which takes more than two decimals of W (five of kW) at
/// 30 or 60 minutes: rejected rather than rounded, since meters write at most four decimals of kW and anything finer
/// means the format was misread; overflow past 64 bits; bad_interval_count for 0 minutes or more than a day.
caf::expected<std::int64_t> interval_energy_mwh(const decimal& power, power_unit unit, unsigned interval_minutes);

/// The energies of a whole profile, 24 values (60 min) or 48 values (30 min). Errors: bad_interval_count, or the
/// first value's interval_energy_mwh error with its index in the message.
caf::expected<std::vector<std::int64_t>> profile_energies_mwh(std::span<const decimal> values, power_unit unit);

/// An energy register written in kWh (`XXXXXX.XX`, spec §6) as exact mWh, e.g. for the start-of-day registers
/// 0F.80.80. Errors: negative_value, inexact_value (more than 6 decimals that are not zeros), overflow.
caf::expected<std::int64_t> kwh_to_mwh(const decimal& energy_kwh);

} // namespace meterhub::tariff

#pragma once

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/tariff/archive.hpp"

/// The consistency check of spec iec61107-neva §7.9: a finished day must end where the next day's start-of-day
/// registers begin. A total drift points to a wrong profile unit or interval length, a drift only in the split to a
/// wrong schedule choice; the service reports it as a metric and may rescale the day.
namespace meterhub::tariff {

/// True when `day` holds every interval of its day: 24 or 48 points, the last ending at 24:00.
bool is_complete(const day_archive& day) noexcept;

/// `next_start_mwh` minus the day's last point, per register [total, T1..T4]: positive when the meter's registers
/// grew more than the profile accounts for. Expect a few Wh from the registers' 10 Wh resolution and the profile's
/// rounding. Errors: incomplete_day (today's partial day cannot be checked).
caf::expected<register_set> day_drift(const day_archive& day, const register_set& next_start_mwh);

/// The day bent so that its last point equals `next_start_mwh` exactly, every point flagged estimated (call it only
/// when the drift is beyond tolerance). Each register is rescaled on its own, in proportion to its growth:
/// point = start + (point − start) × (next − start) / (last − start), rounded down, so the correction falls on the
/// intervals that carried that register's energy and the values never decrease. A register that did not grow
/// during the day but must is spread evenly over the intervals. Rounding is per register, so the rescaled total may
/// differ from the sum of the rescaled tariffs by a few mWh inside the day. Errors: incomplete_day,
/// registers_decrease (the next start or the day's last point is below the day's start).
caf::expected<day_archive> rescale_day(const day_archive& day, const register_set& next_start_mwh);

} // namespace meterhub::tariff

#pragma once

#include <cstdint>
#include <optional>

#include "meterhub/tariff/calendar.hpp"

namespace meterhub::tariff {

/// Day of the week. Sunday first, so `value + 1` is NEVA's day-of-week register 00.09.05 (01 Sunday … 07 Saturday),
/// which a session can compare with the computed weekday of today.
enum class weekday : std::uint8_t { sunday, monday, tuesday, wednesday, thursday, friday, saturday };

/// True when `date` exists in the proleptic Gregorian calendar (29 February only in leap years).
bool is_valid_date(const civil_date& date) noexcept;

/// The weekday of `date`, computed from the calendar (the meter's own register only holds today's);
/// nullopt for a date that does not exist.
std::optional<weekday> weekday_of(const civil_date& date) noexcept;

} // namespace meterhub::tariff

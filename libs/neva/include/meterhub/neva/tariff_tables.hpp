#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/neva/address.hpp"
#include "meterhub/tariff/calendar.hpp"

/// The meter's tariff calendar registers (spec §5, §6) parsed into the platform's tariff types, so the archive
/// rebuild (spec §7, libs/tariff) never sees NEVA's wire formats. Unused slots are dropped here.
namespace meterhub::neva {

/// Slots of one day schedule (0A.NN.64*FF): 8 × "HHMMTT".
inline constexpr std::size_t schedule_slots = 8;
/// Slots of the seasonal table (0D.00.00*FF): 12 × "MMDDN1N2N3".
inline constexpr std::size_t season_slots = 12;
/// Slots of the special-day table (0B.00.00*FF): 32 × "MMDDNN".
inline constexpr std::size_t special_day_slots = 32;
/// Day schedules a meter keeps (registers 0A.01.64 … 0A.24.64).
inline constexpr int max_schedule = 36;

/// The register holding day schedule `number` (1..36): 0A.{number as hex}.64*FF. `out_of_range` otherwise.
caf::expected<register_address> schedule_address(int number);

/// A day schedule reply: switch time HH:MM (00:00 … 23:59) and tariff TT (1..4); TT = 00 marks an unused slot,
/// which is dropped (the entry "000001", T1 from midnight, is a valid one). Order as the meter keeps it.
caf::expected<tariff::day_schedule> decode_day_schedule(std::string_view reply);

/// A seasonal table reply: start month/day and the schedule numbers (decimal 01..36) for weekdays, Saturdays and
/// Sundays. All-zero entries are unused and dropped; a partly zero entry is an error.
caf::expected<std::vector<tariff::season>> decode_seasons(std::string_view reply);

/// A special-day table reply: month/day and NN, a decimal schedule (or tariff) number 01..36 or "7F", which one
/// reading of the manual uses for "ordinary day" (tariff::ordinary_day_marker). Which meaning NN has is the
/// calendar's choice (tariff::special_day_meaning), not the parser's. All-zero entries are unused and dropped.
caf::expected<std::vector<tariff::special_day>> decode_special_days(std::string_view reply);

} // namespace meterhub::neva

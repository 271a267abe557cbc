#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/neva/address.hpp"
#include "meterhub/neva/model.hpp"

/// The MT3xx/MT1xx register table (spec §5) and the conversion of a register's reply into the platform's readings:
/// OBIS quantities (or x:{name}) in SI units, exact decimals converted to double once. The table itself lives in
/// src/register_table.cpp, one row per register, next to the converters it names.
///
/// Quantities without an OBIS code: x:status (status word, text = the 4 hex digits), x:temperature (°C),
/// x:max_demand and x:max_demand.1 … .4 (maximum power of a month, total and per tariff, W), x:firmware_id and
/// x:metering_point (text).
namespace meterhub::neva {

/// Readings for one register's reply, the text inside its parentheses. `time_ms` is the measurement time for every
/// reading; for archive entries (0F.08.80*NN month, 0F.80.80*NN day, 0F.06.80*NN maximum demand) the caller passes
/// the instant the entry belongs to (start of that month or day), and the readings carry flag::backfilled.
/// Registers the platform reads but does not publish (clock, configuration, tariff calendar, load profile) are
/// checked and give no readings; use their own decoders. Errors name the register and the reason:
/// `unknown_register` for an address or archive index the table lacks, else the decoder's error.
caf::expected<std::vector<reading>> to_readings(register_address reg, std::string_view reply, std::int64_t time_ms,
                                                const model_options& options = {});

/// The registers one poll reads for all current values of a family, in reading order: energy totals, powers,
/// voltages, currents, power factors, frequency, angles, temperature, status (and the reactive registers for
/// three_phase_reactive). No archives, maximum demand, identifiers, clock or calendar.
std::vector<register_address> instantaneous_registers(model_family family);

/// What the register holds ("voltage L1"), for listings and messages; nullopt when the table does not know the
/// address (including its F) for this family.
std::optional<std::string_view> register_meaning(register_address reg, model_family family);

/// True for an archive entry: an F other than FF on a register that keeps archives (energy by month or day,
/// maximum demand by month, load profile by day).
bool is_archive(register_address reg) noexcept;

} // namespace meterhub::neva

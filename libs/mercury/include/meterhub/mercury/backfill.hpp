#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/mercury/clock.hpp"
#include "meterhub/mercury/options.hpp"
#include "meterhub/mercury/profile.hpp"
#include "meterhub/mercury/request.hpp"

/// Backfill from the meter's own memory, pure: which power-profile records cover a time range, what a record and
/// the day / month archives become as readings (flag::backfilled, the meter's time stamps turned into UTC with
/// options::utc_offset). Times are milliseconds since the epoch, UTC.
namespace meterhub::mercury {

/// One read of a backfill plan: the request and the period end (UTC) the record there should carry if the meter
/// wrote one record per period without gaps. The record's own stamp is the truth; this is for matching.
struct profile_read {
  read_memory request;
  std::int64_t expected_end_ms = 0;

  friend bool operator==(const profile_read&, const profile_read&) = default;
};

/// The memory read of the record `back` periods before the one `pointer_address` names (0 = that record):
/// 16 bytes per record back, wrapping in 16 bits (byte_address) or 17 bits (record_index, bit 16 in the memory
/// byte).
read_memory profile_record_request(std::uint16_t pointer_address, std::uint32_t back, const options& o) noexcept;

/// Records whose period ends lie in [from_ms, to_ms], oldest first: at most as many as the array holds (4096, or
/// 8192 for record_index; before the array has wrapped, only those from address 0 up to the pointer).
std::vector<profile_read> plan_profile_reads(const profile_pointer& pointer, std::int64_t from_ms,
                                             std::int64_t to_ms, const options& o);

/// The end (UTC) of the period a record or the pointer describes: its stamp (plus the period when stamps are
/// period starts) minus the offset (and one hour more for a summer stamp when the meter switches DST).
std::int64_t period_end_ms(const profile_stamp& stamp, std::uint8_t status, std::uint8_t period_minutes,
                           const options& o) noexcept;

/// A record's period energies: 1-0:1.29.0, 2.29.0 (Wh), 3.29.0, 4.29.0 (varh) at the period end, counts ×
/// profile_wh_per_count(), flagged backfilled, plus overflow (status 0x01), partial_period (0x02, 0x04) and
/// summer_time (0x08 clear). Channels the meter leaves FFFF give no reading.
std::vector<reading> profile_readings(const profile_record& record, const options& o);

/// The requests of a cumulative archive: `array` 9…D (values at the start of a year, month, day) for the sum and
/// each tariff 1…options::tariffs; `month` 1…12 for month_start. `bad_argument` for other arrays or months.
caf::expected<std::vector<request>> archive_requests(energy_array array, std::uint8_t month, const options& o);

/// The local instant (UTC ms) an archive of array 9…D refers to, given the meter's clock `now`: today's or
/// yesterday's midnight, the 1st of month M (this year when M is not after the current month, else last year),
/// 1 January of this or last year.
caf::expected<std::int64_t> archive_time_ms(const read_energy& r, const meter_time& now, const options& o);

/// A reply to an archive request as backfilled cumulative readings 1-0:C.8.T at archive_time_ms().
caf::expected<std::vector<reading>> archive_readings(const read_energy& r, std::span<const std::uint8_t> data,
                                                     const meter_time& now, const options& o);

} // namespace meterhub::mercury

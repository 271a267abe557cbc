#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/echonet/clock.hpp"
#include "meterhub/echonet/frame.hpp"
#include "meterhub/echonet/history.hpp"
#include "meterhub/echonet/scale.hpp"

/// Class 0x0288 values as platform readings (spec §6 "suggested platform mapping"):
///   E0 → 1-0:1.8.0, E3 → 1-0:2.8.0 (Wh); E7 ≥ 0 → 1-0:1.7.0, E7 < 0 → 1-0:2.7.0 = −E7 (W);
///   E8 R → 1-0:31.7.0, T → 1-0:51.7.0 (A); EA / EB → 1.8.0 / 2.8.0 at their own time stamp;
///   D0 (Release R one-minute energy) → 1.8.0 and 2.8.0 at its own time stamp;
///   history 1, 2 and 3 → 1.8.0 / 2.8.0 per slot, flagged backfilled.
/// "No data" markers give no reading. Overflow, underflow, counts out of range and an unknown E1 unit give a reading
/// without a value, flagged invalid (and overflow), so the gap is visible but no number is published.
namespace meterhub::echonet {

/// Readings of one property received at `time_ms` (UTC): E0, E3, E7, E8, EA, EB, D0. Other properties (status,
/// settings, and the histories E2/E4/EC/EE, which need `history1_readings` and friends) and refused properties
/// (empty EDT) give none; a malformed EDT gives its decode error.
caf::expected<std::vector<reading>> readings_of(const property& p, const meter_scale& scale, std::int64_t time_ms,
                                                std::chrono::minutes utc_offset = japan_utc_offset);

/// Readings of every property of a Get_Res / Get_SNA / INF / INFC frame; stops at the first malformed EDT.
caf::expected<std::vector<reading>> readings_of(const frame& f, const meter_scale& scale, std::int64_t time_ms,
                                                std::chrono::minutes utc_offset = japan_utc_offset);

/// History 1 of `epc` (E2 normal or E4 reverse): 48 backfilled readings at the meter-local midnight of
/// `today_local` − `h.day` days plus 30 min steps. The day comes from the caller's clock, not the meter's: the EDT
/// carries only "days back" (spec §9.7).
std::vector<reading> history1_readings(std::uint8_t epc, const history1& h, civil_day today_local,
                                       const meter_scale& scale,
                                       std::chrono::minutes utc_offset = japan_utc_offset);

/// History 2: per slot a 1.8.0 and a 2.8.0 backfilled reading at newest − 30 min × j.
std::vector<reading> history2_readings(const history2& h, const meter_scale& scale,
                                       std::chrono::minutes utc_offset = japan_utc_offset);

/// History 3 (EE): as history 2 with one-minute steps.
std::vector<reading> history3_readings(const history2& h, const meter_scale& scale,
                                       std::chrono::minutes utc_offset = japan_utc_offset);

} // namespace meterhub::echonet

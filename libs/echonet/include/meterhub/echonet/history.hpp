#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/echonet/clock.hpp"
#include "meterhub/echonet/frame.hpp"
#include "meterhub/echonet/meter.hpp"

/// The meter's history properties (spec §7): one day of half-hour counts (E2/E4, selected by E5) and up to 12
/// half-hour pairs of both directions back from a chosen time (EC, selected by ED), and, on Release R meters, up to
/// 10 one-minute pairs (EE, selected by EF) in the same layout.
namespace meterhub::echonet {

/// E2 / E4: the selected day (0 = today) and its 48 counts at 00:00 + 30 min × k, oldest first.
struct history1 {
  std::uint16_t day = 0;
  std::array<sample<std::uint32_t>, 48> counts{};
  friend bool operator==(const history1&, const history1&) = default;
};

/// Decodes a 194-byte E2/E4 EDT. The day is two bytes (node-echonet-lite reads only one, spec §7); `bad_value`
/// past 99.
caf::expected<history1> decode_history1(std::span<const std::uint8_t> edt);

/// ED: where history 2 starts (the newest slot, minute 0 or 30) and how many slots (1…12) it holds.
struct history2_setting {
  meter_date_time newest;
  std::uint8_t count = 12;
  friend bool operator==(const history2_setting&, const history2_setting&) = default;
};

/// Decodes the 7-byte ED readback; nullopt for year 0xFFFF (not set yet, spec §9.6).
caf::expected<std::optional<history2_setting>> decode_history2_setting(std::span<const std::uint8_t> edt);

/// The SetC property ED for `s` (spec §7 step 1); `bad_argument` for a minute other than 0/30 or a count outside
/// 1…12.
caf::expected<property> history2_setting_property(const history2_setting& s);

/// One history-2 slot: normal (import) and reverse (export) counts.
struct history2_slot {
  sample<std::uint32_t> normal;
  sample<std::uint32_t> reverse;
  friend bool operator==(const history2_slot&, const history2_slot&) = default;
};

/// EC: the newest slot's time and the slots, newest first; slot j is at newest − 30 min × j.
struct history2 {
  meter_date_time newest;
  std::vector<history2_slot> slots;
  friend bool operator==(const history2&, const history2&) = default;
};

/// Decodes an EC EDT of 7 + count × 8 bytes (`bad_size` otherwise, `bad_value` for a count above 12).
caf::expected<history2> decode_history2(std::span<const std::uint8_t> edt);

/// EF readback (Release R, spec §9.6): as ED, but any start minute and 1…10 slots; nullopt for year 0xFFFF.
caf::expected<std::optional<history2_setting>> decode_history3_setting(std::span<const std::uint8_t> edt);

/// The SetC property EF for `s`; `bad_argument` for a count outside 1…10.
caf::expected<property> history3_setting_property(const history2_setting& s);

/// EE (Release R): the EC layout with one-minute slots, at most 10; slot j is at newest − 1 min × j.
caf::expected<history2> decode_history3(std::span<const std::uint8_t> edt);

} // namespace meterhub::echonet

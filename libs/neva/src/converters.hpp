#pragma once

#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "register_table.hpp"

/// The converters the register table names: one per value format of spec §6.
namespace meterhub::neva::detail {

using readings = caf::expected<std::vector<reading>>;

/// 5 × energy → quantity.0 … quantity.4 (1-0:15.8.x for 0F registers with `native_energy_code`).
readings publish_energy_list(const conversion& cv, std::string_view reply);
/// 5 × kW → quantity, quantity.1 … quantity.4 in W.
readings publish_demand_list(const conversion& cv, std::string_view reply);
/// One unsigned decimal in the row's unit.
readings publish_number(const conversion& cv, std::string_view reply);
/// One decimal that may be negative (phase angles).
readings publish_signed_number(const conversion& cv, std::string_view reply);
/// Magnitude as the value, "L" / "C" / "" as the text.
readings publish_power_factor(const conversion& cv, std::string_view reply);
/// Sign-digit temperature in °C.
readings publish_temperature(const conversion& cv, std::string_view reply);
/// The word as the value, its four upper-case hex digits as the text.
readings publish_status_word(const conversion& cv, std::string_view reply);
/// Text without a value; an empty text gives no reading.
readings publish_text(const conversion& cv, std::string_view reply);

/// Checks a reply of a register the platform does not publish with `Decode`; no readings.
template <auto Decode>
readings check(const conversion&, std::string_view reply) {
  if (auto value = Decode(reply); !value)
    return value.error();
  return std::vector<reading>{};
}

/// Network address 60.01.01: 8 digits, 00000001 … 99999999.
caf::expected<unsigned> decode_network_address(std::string_view field);
/// Maximum-demand averaging interval 00.08.00: 1, 3, 5, 10, 15, 30 or 60 minutes.
caf::expected<unsigned> decode_averaging_minutes(std::string_view field);
/// Current season number 00.08.02: 01 … 12.
caf::expected<unsigned> decode_season_number(std::string_view field);
/// Billing-fixation time 00.08.06: "DDHH", day 01..31 and hour 00..23, as DD × 100 + HH.
caf::expected<unsigned> decode_billing_time(std::string_view field);
/// Checks the load profile's count and numbers; its unit is the reader's choice (decode_load_profile), not checked.
readings check_load_profile(const conversion& cv, std::string_view reply);

} // namespace meterhub::neva::detail

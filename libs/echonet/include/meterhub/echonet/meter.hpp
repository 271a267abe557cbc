#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/echonet/clock.hpp"
#include "meterhub/echonet/frame.hpp"

/// Decoders of the low-voltage smart electric energy meter (class 0x0288) properties, one per EPC of spec §6 and
/// §9.6. Each takes the EDT alone, checks its size (`bad_size`) and range (`bad_value`), and keeps "no data" markers
/// apart from values so no caller can mistake them for zero.
namespace meterhub::echonet {

/// The EPCs of class 0x0288 and its superclass that the codec knows (spec §6, §9.6).
namespace epc {
inline constexpr std::uint8_t operation_status = 0x80;
inline constexpr std::uint8_t installation_location = 0x81;
inline constexpr std::uint8_t standard_version = 0x82;
inline constexpr std::uint8_t fault_status = 0x88;
inline constexpr std::uint8_t manufacturer_code = 0x8A;
inline constexpr std::uint8_t serial_number = 0x8D;
inline constexpr std::uint8_t current_time = 0x97;
inline constexpr std::uint8_t current_date = 0x98;
inline constexpr std::uint8_t status_change_map = 0x9D;
inline constexpr std::uint8_t set_map = 0x9E;
inline constexpr std::uint8_t get_map = 0x9F;
inline constexpr std::uint8_t route_b_id = 0xC0;        ///< Release R
inline constexpr std::uint8_t one_minute_energy = 0xD0; ///< Release R
inline constexpr std::uint8_t coefficient = 0xD3;
inline constexpr std::uint8_t instance_list = 0xD5; ///< node profile 0EF001's INF after joining
inline constexpr std::uint8_t effective_digits = 0xD7;
inline constexpr std::uint8_t energy_normal = 0xE0;
inline constexpr std::uint8_t energy_unit = 0xE1;
inline constexpr std::uint8_t history1_normal = 0xE2;
inline constexpr std::uint8_t energy_reverse = 0xE3;
inline constexpr std::uint8_t history1_reverse = 0xE4;
inline constexpr std::uint8_t history1_day = 0xE5;
inline constexpr std::uint8_t instantaneous_power = 0xE7;
inline constexpr std::uint8_t instantaneous_currents = 0xE8;
inline constexpr std::uint8_t fixed_time_normal = 0xEA;
inline constexpr std::uint8_t fixed_time_reverse = 0xEB;
inline constexpr std::uint8_t history2 = 0xEC;
inline constexpr std::uint8_t history2_setting = 0xED;
inline constexpr std::uint8_t history3 = 0xEE;         ///< Release R
inline constexpr std::uint8_t history3_setting = 0xEF; ///< Release R
} // namespace epc

/// What a measured field holds: a value, or one of the markers spec §6 reserves.
enum class sample_state : std::uint8_t {
  valid,
  no_data,      ///< 0xFFFFFFFE (cumulative), 0x7FFFFFFE (power), 0x7FFE (current)
  overflow,     ///< 0x7FFFFFFF / 0x7FFF
  underflow,    ///< 0x80000000 / 0x8000
  out_of_range, ///< a cumulative count above 99 999 999
};

/// A raw field and its state; `raw` means something only when `state` is valid.
template <class T>
struct sample {
  T raw = 0;
  sample_state state = sample_state::valid;

  bool valid() const noexcept { return state == sample_state::valid; }
  friend bool operator==(const sample&, const sample&) = default;
};

/// A cumulative energy count (E0, E3, EA/EB, history items): 0…99 999 999, 0xFFFFFFFE no data.
sample<std::uint32_t> cumulative_sample(std::uint32_t raw) noexcept;

/// 0x80: true = ON (0x30), false = OFF (0x31).
caf::expected<bool> decode_operation_status(std::span<const std::uint8_t> edt);
/// 0x88: true = fault (0x41), false = no fault (0x42).
caf::expected<bool> decode_fault_status(std::span<const std::uint8_t> edt);
/// 0x81: the one-byte location code (the 17-byte form is refused with `bad_size`).
caf::expected<std::uint8_t> decode_installation_location(std::span<const std::uint8_t> edt);
/// 0x82: the Appendix release as text, "K.1" from 00 00 4B 01 (release letter, revision).
caf::expected<std::string> decode_standard_version(std::span<const std::uint8_t> edt);
/// 0x8A: the three-byte manufacturer code as a number (0x000016 and so on).
caf::expected<std::uint32_t> decode_manufacturer_code(std::span<const std::uint8_t> edt);
/// 0x8D: the serial number, printable ASCII with trailing NULs and spaces dropped; `bad_value` otherwise.
caf::expected<std::string> decode_serial_number(std::span<const std::uint8_t> edt);
/// 0x97: hh mm of the meter clock (date and seconds left at their defaults).
caf::expected<meter_date_time> decode_current_time(std::span<const std::uint8_t> edt);
/// 0x98: YYYY(2) MM DD of the meter clock (time left at 00:00:00).
caf::expected<meter_date_time> decode_current_date(std::span<const std::uint8_t> edt);
/// 0xD5: the instance list a node profile sends after joining: count, then count EOJs.
caf::expected<std::vector<eoj>> decode_instance_list(std::span<const std::uint8_t> edt);

/// 0xD3: the coefficient 0…999 999. An empty EDT (the property refused in a Get_SNA) reads as 1, as spec §5 says.
caf::expected<std::uint32_t> decode_coefficient(std::span<const std::uint8_t> edt);
/// 0xD7: effective digits 1…8; the cumulative register wraps at 10^digits.
caf::expected<std::uint8_t> decode_effective_digits(std::span<const std::uint8_t> edt);
/// How many counts a cumulative register with `digits` effective digits (D7) advanced from `previous` to `current`,
/// across one roll-over at 10^digits when `current` is smaller. Nullopt when `digits` is outside 1…8 or a value does
/// not fit the register, so a caller never books a wrap it cannot prove.
std::optional<std::uint32_t> cumulative_advance(std::uint32_t previous, std::uint32_t current,
                                                std::uint8_t digits) noexcept;

/// 0xE1: the unit code, only when the §6 table knows it (`unknown_unit` otherwise).
caf::expected<std::uint8_t> decode_energy_unit(std::span<const std::uint8_t> edt);
/// 0xE0 / 0xE3: the cumulative count.
caf::expected<sample<std::uint32_t>> decode_cumulative_energy(std::span<const std::uint8_t> edt);
/// 0xE5: history-1 day, 0 = today … 99 days back.
caf::expected<std::uint8_t> decode_history1_day(std::span<const std::uint8_t> edt);
/// 0xE7: signed watts, positive import; 0x7FFFFFFE / 0x7FFFFFFF / 0x80000000 are markers.
caf::expected<sample<std::int32_t>> decode_instantaneous_power(std::span<const std::uint8_t> edt);

/// 0xE8: R and T phase currents in 0.1 A. Single-phase two-wire meters put 0x7FFE (no data) in T.
struct phase_currents {
  sample<std::int16_t> r;
  sample<std::int16_t> t;
  friend bool operator==(const phase_currents&, const phase_currents&) = default;
};
caf::expected<phase_currents> decode_instantaneous_currents(std::span<const std::uint8_t> edt);

/// 0xEA / 0xEB: the count at the latest :00 / :30 boundary and that boundary's meter time.
struct fixed_time_energy {
  meter_date_time at;
  sample<std::uint32_t> count;
  friend bool operator==(const fixed_time_energy&, const fixed_time_energy&) = default;
};
caf::expected<fixed_time_energy> decode_fixed_time_energy(std::span<const std::uint8_t> edt);

/// 0xC0 (Release R): the Route-B identification number; byte 0 is ignored, bytes 1–3 are the maker code, the rest
/// the id (spec §9.6).
struct route_b_id {
  std::uint32_t manufacturer = 0;
  std::vector<std::uint8_t> id;
  friend bool operator==(const route_b_id&, const route_b_id&) = default;
};
caf::expected<route_b_id> decode_route_b_id(std::span<const std::uint8_t> edt);

/// 0xD0 (Release R): cumulative energy of both directions at the last whole minute, with its meter time.
struct one_minute_energy {
  meter_date_time at;
  sample<std::uint32_t> normal;
  sample<std::uint32_t> reverse;
  friend bool operator==(const one_minute_energy&, const one_minute_energy&) = default;
};
caf::expected<one_minute_energy> decode_one_minute_energy(std::span<const std::uint8_t> edt);

/// The SetC that selects the history-1 day (spec §7 step 1); `bad_argument` past 99.
caf::expected<property> history1_day_property(std::uint8_t days_back);

} // namespace meterhub::echonet

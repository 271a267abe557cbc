#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "energy_ledger.hpp"
#include "meterhub/echonet/frame.hpp"

/// The simulated low-voltage smart electric energy meter (class 0x0288, spec §5–§7, §9.6) behind the module: a clock
/// in Japan time, the household's load integrated into the cumulative registers, and the history those registers
/// leave behind, so every property agrees with the others. Pure: host time comes in as an argument.
namespace meterhub::echonet_sim {

/// What the command line sets about the meter.
struct meter_options {
  std::uint64_t seed = 1;
  bool solar = false;                         ///< some daytime hours export
  std::int64_t clock_offset_ms = 0;           ///< meter clock − host clock (UTC)
  std::uint32_t start_import = 123'456;       ///< E0 at start, raw counts
  std::uint32_t start_export = 2'345;         ///< E3 at start, raw counts
  std::uint8_t unit = 0x01;                   ///< E1: 0.1 kWh
  std::optional<std::uint32_t> coefficient = 1; ///< D3; nullopt: refused (Get_SNA), as many real meters do
  std::uint8_t digits = 6;                    ///< D7: the registers wrap at 10^digits
  bool two_wire = false;                      ///< single-phase two-wire: T current 0x7FFE
  std::string route_b_id = "00112233445566778899AABBCCDDEEFF"; ///< C0 carries its last 13 bytes
};

/// kWh per count of an E1 code (spec §6 table); nullopt for codes outside the table.
std::optional<double> kwh_per_count(std::uint8_t unit) noexcept;

class meter {
public:
  /// The meter at host time `host_now_ms`, with 100 days of history behind it.
  meter(const meter_options& options, std::int64_t host_now_ms);

  /// Runs the meter clock to `host_now_ms` plus the offset; returns the :00 / :30 boundaries (UTC ms) passed.
  std::vector<std::int64_t> advance_to(std::int64_t host_now_ms);
  /// Jumps the meter clock forward by `ms` (control line `advance`), integrating the load over the jump.
  std::vector<std::int64_t> jump(std::int64_t ms, std::int64_t host_now_ms);

  /// The answer to a frame from the controller; nullopt for frames a meter leaves unanswered (INFC_Res, SetI that
  /// succeeded, frames for other objects).
  std::optional<echonet::frame> answer(const echonet::frame& request);
  /// INF (0x73) with EA and EB, the push after a boundary (spec §5).
  echonet::frame fixed_time_inf(std::uint16_t tid) const;
  /// The node profile's instance list INF (0EF001 → 0EF001, EPC D5) sent after a join.
  static echonet::frame instance_list_inf(std::uint16_t tid);

  std::int64_t clock_ms() const noexcept { return ledger_.clock_ms(); }
  std::int32_t power_w() const noexcept { return ledger_.watts(); }
  /// E0 / E3 as they read now.
  std::uint32_t import_raw() const noexcept { return raw_of(ledger_.now().import_wh); }
  std::uint32_t export_raw() const noexcept { return raw_of(ledger_.now().export_wh); }
  /// The register at a whole minute of the past (0xFFFFFFFE when the meter has no value for it).
  std::uint32_t raw_at(std::int64_t minute_ms, bool reverse) const;

  /// The EDT of a Get of `epc`; empty when the meter does not have the property.
  std::vector<std::uint8_t> edt_of(std::uint8_t epc) const;

private:
  bool set(const echonet::property& p);
  std::optional<echonet::frame> answer_node_profile(const echonet::frame& request) const;
  std::uint32_t raw_of(double wh) const noexcept;
  std::vector<std::uint8_t> history1(bool reverse) const;
  std::vector<std::uint8_t> history_pairs(const std::vector<std::uint8_t>& setting, std::int64_t step) const;
  std::vector<std::uint8_t> currents() const;
  std::vector<std::uint8_t> identity_edt(std::uint8_t epc) const;
  std::vector<std::uint8_t> history_edt(std::uint8_t epc) const;

  meter_options opt_;
  double wh_per_count_;
  energy_ledger ledger_;
  std::uint8_t history1_day_ = 0;
  std::vector<std::uint8_t> history2_setting_; ///< ED as set (7 bytes); empty until set
  std::vector<std::uint8_t> history3_setting_; ///< EF as set
};

} // namespace meterhub::echonet_sim

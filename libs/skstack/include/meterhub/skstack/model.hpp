#pragma once

#include <cstdint>

namespace meterhub::skstack {

/// The two module families whose line formats differ (spec §2 table, §9.3): BP35C2 (and BP35C0) add a SIDE field to
/// EVENT, SKSCAN and SKSENDTO, a `Side:` line to EPANDESC and LQI + SIDE to ERXUDP.
enum class module_model : std::uint8_t { bp35a1, bp35c2 };

/// How the module writes ERXUDP payloads (register set by WOPT, spec §3): hex text (WOPT 01) or raw bytes (WOPT 00,
/// the factory default of newer firmware).
enum class data_format : std::uint8_t { binary = 0, hex = 1 };

/// The model an `EINFO` line's last field names (spec §9.2 step 3): 0xFFFE → BP35A1, anything else (a side index
/// 0/1) → BP35C2.
constexpr module_model model_from_info(std::uint16_t last_field) noexcept {
  return last_field == 0xFFFE ? module_model::bp35a1 : module_model::bp35c2;
}

} // namespace meterhub::skstack

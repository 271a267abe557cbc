#pragma once

#include <cstdint>
#include <optional>

#include "meterhub/core/error.hpp"

namespace meterhub::mercury {

/// Why a Mercury 23x frame, reply or value was not taken. Codes 1…5 are the meter's own status codes (spec §3, the
/// low nibble of a 4-byte status reply), so `static_cast<mercury_errc>(status & 0x0F)` names them; the rest are the
/// codec's. Every byte comes from the outside world: the codec answers with one of these, never throws or asserts.
enum class mercury_errc : std::uint8_t {
  invalid_command = 1,         ///< status 1: command or parameter not supported; do not retry
  internal_error = 2,          ///< status 2: internal meter error; back off and retry later
  access_denied = 3,           ///< status 3: access level insufficient (writes need level 2)
  clock_already_corrected = 4, ///< status 4: the clock was already corrected today (03 0D)
  channel_not_open = 5,        ///< status 5: re-open the channel and repeat the request once
  unknown_status = 6,          ///< a status nibble 6…15, which no source documents
  bad_crc,                     ///< CRC-16/MODBUS over the frame does not check
  bad_length,                  ///< a frame or data block of a length the request does not allow
  wrong_address,               ///< a reply from another address than the request's
  bad_value,                   ///< a field outside its encoding: BCD digit > 9, month 13, unknown array code
  empty_record,                ///< a power-profile memory cell that holds no record (erased or never written)
  bad_argument,                ///< a request the caller built with impossible fields (month 0, tariff 9)
};

/// The code's name ("channel_not_open"), as the error's context starts with it.
const char* to_string(mercury_errc code) noexcept;

/// The error a status byte stands for: nullopt for 0 (OK), codes 1…5 by name, `unknown_status` otherwise. Only the
/// low nibble counts (WB `CheckForException`, BRK `_replyReason`).
std::optional<mercury_errc> status_error(std::uint8_t status) noexcept;

} // namespace meterhub::mercury

CAF_ERROR_CODE_ENUM(meterhub::mercury::mercury_errc, "mercury")

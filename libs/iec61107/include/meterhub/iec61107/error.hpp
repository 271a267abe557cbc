#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::iec61107 {

/// Why an IEC 62056-21 exchange did not give what was asked.
enum class iec61107_errc : std::uint8_t {
  bad_bcc = 1,         ///< a message's block check character does not match its bytes
  malformed_message,   ///< bytes that are no message of the protocol (a bad identification, an oversize frame)
  unexpected_message,  ///< a valid message where the session expected another kind
  no_answer,           ///< the meter did not answer within the reply timeout
  password_rejected,   ///< the meter did not acknowledge the password
  register_error,      ///< the meter answered a read or write with an error reply "(nn)"
  write_rejected,      ///< the meter answered a write with neither ACK nor an error reply
  bad_configuration,   ///< session settings the protocol cannot carry (address, password, baud rate)
};

const char* to_string(iec61107_errc code) noexcept;

} // namespace meterhub::iec61107

CAF_ERROR_CODE_ENUM(meterhub::iec61107::iec61107_errc, "iec61107")

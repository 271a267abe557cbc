#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::dsmr {

/// Why a frame from a P1 port was not taken.
enum class dsmr_errc : std::uint8_t {
  no_header = 1,     ///< the frame does not start with "/"
  bad_crc,           ///< the CRC after "!" does not match (the message names expected and received)
  missing_crc,       ///< a dialect that requires a CRC sent none, or the end line is missing
  malformed_line,    ///< a line that is neither a COSEM object nor a continuation
  not_encrypted,     ///< an encrypted frame was expected
  bad_envelope,      ///< the DLMS envelope is malformed (length, security byte)
  decryption_failed, ///< the authentication tag did not match: wrong key or corrupted frame
};

const char* to_string(dsmr_errc code) noexcept;

} // namespace meterhub::dsmr

CAF_ERROR_CODE_ENUM(meterhub::dsmr::dsmr_errc, "dsmr")

#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::echonet {

/// Why an ECHONET Lite frame or a class 0x0288 property value was not taken. Every byte comes from a radio link and a
/// meter we do not control, so the codec answers with one of these and never throws or asserts.
enum class echonet_errc : std::uint8_t {
  truncated = 1,   ///< fewer bytes than the 12-byte header or a property block needs
  bad_header,      ///< EHD1 is not 0x10 or EHD2 is not 0x81 (only format 1 is spoken, spec §5)
  pdc_past_end,    ///< a property's PDC claims more EDT bytes than the frame holds
  trailing_bytes,  ///< bytes left after the OPC-th property block
  bad_size,        ///< an EDT whose length the property's layout does not allow (spec §6)
  bad_value,       ///< a field outside its range: month 13, digits 9, day 100, count 13
  unknown_unit,    ///< an E1 unit code outside the §6 table: values cannot be scaled
  bad_argument,    ///< a frame the caller built that cannot be encoded (more than 255 properties or EDT bytes)
};

/// The code's name ("pdc_past_end"), as the error's context starts with it.
const char* to_string(echonet_errc code) noexcept;

} // namespace meterhub::echonet

CAF_ERROR_CODE_ENUM(meterhub::echonet::echonet_errc, "echonet")

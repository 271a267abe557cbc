#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::skstack {

/// Why a SKSTACK-IP line, command argument or session step was not taken. Lines come from the outside world: the
/// codec answers with one of these, never throws or asserts. The module's own `FAIL ERxx` is a message
/// (`fail_reply`), not one of these, because it is a valid answer the session reacts to.
enum class skstack_errc : std::uint8_t {
  unknown_line = 1, ///< a line of a shape the codec does not know (EADDR, ENEIGHBOR, garbage)
  bad_field,        ///< a field that is not the hex / decimal / text the spec gives for it
  bad_address,      ///< an IPv6 address that is neither the full 8-group form nor a valid "::" form
  bad_length,       ///< an ERXUDP payload whose size does not match DATALEN, or a line past the length limit
  incomplete_block, ///< an EPANDESC block without one of its required fields (spec §9.2)
  bad_argument,     ///< a command the caller built with impossible fields (33-char password, D = 15)
  command_failed,   ///< the module answered a session step with FAIL ERxx
  timeout,          ///< the module did not answer a session step in time
  join_failed,      ///< PANA authentication failed on every try (EVENT 24, spec §2)
  no_pan_found,     ///< an active scan ended (EVENT 22) without a usable PAN
  queue_full,       ///< an ECHONET frame was dropped because the send queue was full
  send_failed,      ///< an ECHONET frame was dropped after its last transmission failed (EVENT 21 PARAM 01)
  session_lost,     ///< the PANA session ended (EVENT 26/27/28, no EVENT 25 after 29, send timeouts): rejoining
};

/// The code's name ("bad_field"), as the error's context starts with it.
const char* to_string(skstack_errc code) noexcept;

} // namespace meterhub::skstack

CAF_ERROR_CODE_ENUM(meterhub::skstack::skstack_errc, "skstack")

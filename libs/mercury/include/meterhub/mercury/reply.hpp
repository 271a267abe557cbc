#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include <caf/expected.hpp>

#include "meterhub/mercury/request.hpp"

/// Reader side of a reply: how long it is, whether it is complete, and whether it answers the request. The typed
/// decoders (info.hpp, params.hpp, energy.hpp, profile.hpp, clock.hpp) take the data bytes this returns.
namespace meterhub::mercury {

/// What a request's reply may look like.
struct reply_shape {
  bool status = false; ///< the answer is a 4-byte status frame (test, open, close, writes)
  /// Allowed data lengths, ascending; 0 marks unused slots. Empty for status requests. More than one where the
  /// sources disagree or models differ (protocol.hpp notes 2 and 3).
  std::array<std::uint16_t, 3> data_lengths{};

  /// True when `n` data bytes are an allowed answer.
  bool allows(std::size_t n) const noexcept;

  /// The longest frame to expect (4 for status requests, else the longest data length + 3): the read buffer size.
  std::size_t max_frame() const noexcept;
};

/// The shape of the reply to `r`.
reply_shape reply_shape_of(const request& r) noexcept;

/// Values and bytes per value of an auxiliary-parameter reply (see aux_values()).
struct aux_layout {
  std::size_t values = 1;
  std::size_t width = 3;
};

/// 08 11: one value, 2 bytes for KU (6x) and temperature (7x). 08 14 / 08 16: frequency (4x) one value; KU three
/// 2-byte values (not exercised by any source); otherwise four values (sum, L1…L3) for a sum code (phase bits 0)
/// and three (L1…L3) for a phase code (spec §4; PZ ReadParams sizes).
aux_layout aux_layout_of(const read_aux& r) noexcept;

/// Incremental framing over the bytes received so far: the length of the complete reply at the start of `buffer`
/// (an allowed data length + 3 whose CRC checks, longest first, else a checking 4-byte status frame), 0 while none
/// is complete. A 4-byte prefix of a longer reply checks by chance once in 65 536; an actor that sees 4 arrive
/// alone may wait one inter-byte gap before taking it.
std::size_t reply_frame_length(std::span<const std::uint8_t> buffer, const request& r) noexcept;

/// Checks a complete reply to `r` sent to `address`: CRC, address (any for address 0, protocol.hpp note 1), length,
/// status. Returns the data bytes (a view into `frame`; empty for status 0 to a status request). A status frame
/// with status 1…15 is that status's error (also in place of data); status 0 in place of data is `bad_length`.
caf::expected<std::span<const std::uint8_t>> check_reply(std::span<const std::uint8_t> frame, std::uint8_t address,
                                                         const request& r);

/// Meter side: a data reply (address, data, CRC).
bytes data_reply(std::uint8_t address, std::span<const std::uint8_t> data);

} // namespace meterhub::mercury

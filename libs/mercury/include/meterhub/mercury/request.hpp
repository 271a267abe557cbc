#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include <caf/expected.hpp>

#include "meterhub/mercury/clock.hpp"
#include "meterhub/mercury/frame.hpp"
#include "meterhub/mercury/protocol.hpp"

/// Typed requests, both directions: the reader encodes them, the simulator (meter side) decodes them from frames.
/// Every request the codec knows, with the bytes after the address (spec §4, protocol.hpp for the sources):
///
///   test_link      00                       status
///   open_channel   01 <level> <pwd×6>       status
///   close_channel  02                       status
///   set_time       03 0C <8 bytes>          status (as the 04 00 reply, BCD)
///   correct_time   03 0D <s m h>            status (BCD)
///   read_time      04 00                    8 bytes
///   read_energy    05 <A<<4|M> <T>          16 bytes, 12 for A = 6
///   read_memory    06 <mem> <hi> <lo> <n>   n bytes
///   read_info      08 <P>                   see info_kind
///   read_aux       08 <11|14|16> <BWRI>     see aux_values()
namespace meterhub::mercury {

/// 00: is the meter there (answers status 0, no channel needed).
struct test_link {
  friend bool operator==(const test_link&, const test_link&) = default;
};

/// 01: open the channel at a level with its password (factory default: level 1, 01×6).
struct open_channel {
  access_level level = access_level::user;
  mercury::password password{1, 1, 1, 1, 1, 1};

  friend bool operator==(const open_channel&, const open_channel&) = default;
};

/// 02: close the channel (the meter also closes it after inactivity).
struct close_channel {
  friend bool operator==(const close_channel&, const close_channel&) = default;
};

/// 03 0C: set the clock (level 2).
struct set_time {
  meter_time time;

  friend bool operator==(const set_time&, const set_time&) = default;
};

/// 03 0D: soft-correct the clock by at most ±4 min, once a day (status 4 otherwise).
struct correct_time {
  clock_correction time;

  friend bool operator==(const correct_time&, const correct_time&) = default;
};

/// 04 00: read the clock.
struct read_time {
  friend bool operator==(const read_time&, const read_time&) = default;
};

/// 05: read an energy array.
struct read_energy {
  energy_array array = energy_array::from_reset;
  std::uint8_t month = 0;  ///< 1…12 for arrays 3 and B, 0 otherwise
  std::uint8_t tariff = 0; ///< 0 sum, 1…4 tariffs (5 "losses" in ILN, accepted)

  friend bool operator==(const read_energy&, const read_energy&) = default;
};

/// 06: read `count` bytes of a memory at an address (the power profile is memory 3).
struct read_memory {
  std::uint8_t memory = profile_memory; ///< memory number; bit 7 is address bit 16 (protocol.hpp note 6)
  std::uint16_t address = 0;
  std::uint8_t count = profile_record_size;

  friend bool operator==(const read_memory&, const read_memory&) = default;
};

/// 08 <P>: read an identification parameter.
struct read_info {
  info_kind kind = info_kind::serial;

  friend bool operator==(const read_info&, const read_info&) = default;
};

/// 08 11 / 14 / 16 <BWRI>: read auxiliary (instantaneous) parameters.
struct read_aux {
  aux_format format = aux_format::single;
  std::uint8_t bwri = 0; ///< high nibble parameter, bits 3-2 power kind (P, Q, S), bits 1-0 phase (0 = sum)

  friend bool operator==(const read_aux&, const read_aux&) = default;
};

/// Any request.
using request = std::variant<test_link, open_channel, close_channel, set_time, correct_time, read_time, read_energy,
                             read_memory, read_info, read_aux>;

/// The bytes after the address; `bad_argument` for fields the protocol cannot carry (month 0 for array 3, a month
/// on another array, tariff above 5, a count of 0).
caf::expected<bytes> encode_body(const request& r);

/// The whole frame: address, body, CRC.
caf::expected<bytes> encode_request(std::uint8_t address, const request& r);

/// A request as the meter receives it.
struct addressed_request {
  std::uint8_t address = 0;
  mercury::request request;

  friend bool operator==(const addressed_request&, const addressed_request&) = default;
};

/// Meter side: parses one request frame. `bad_length` / `bad_crc` for broken frames (a meter stays silent),
/// `invalid_command` for a well-formed frame of a command or parameter this codec does not know (a meter answers
/// status 1), `bad_value` for a known command with impossible fields (BCD, level, array code; also status 1).
/// Decoding then encoding a frame gives the same bytes.
caf::expected<addressed_request> decode_request(std::span<const std::uint8_t> frame);

/// ASCII digits "111111" as the password bytes 01 01 01 01 01 01 (BRK, D2 get_open2); `bad_argument` unless
/// exactly six digits. Passwords that are not digits are passed as raw bytes instead.
caf::expected<mercury::password> password_from_digits(std::string_view digits);

/// The command byte of a request.
mercury::command command_of(const request& r) noexcept;

} // namespace meterhub::mercury

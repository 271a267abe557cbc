#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// The messages of IEC 62056-21 mode C (IEC 61107) as bytes: what the reading side sends, and the block check
/// character both sides use. Pure: strings in, strings out. Facts: specs/iec61107-neva.md §2–§3.
namespace meterhub::iec61107 {

inline constexpr char soh = 0x01;
inline constexpr char stx = 0x02;
inline constexpr char etx = 0x03;
inline constexpr char eot = 0x04; ///< ends a partial block in multi-block replies, in place of ETX
inline constexpr char ack = 0x06;
inline constexpr char nak = 0x15;

/// XOR of `bytes` masked to 7 bits. Callers pass everything after the opening SOH or STX up to and including ETX:
/// NEVA and the generic libraries agree on the XOR, whatever the standard recommends (§3).
std::uint8_t block_check(std::string_view bytes) noexcept;

/// The baud rate a baud character stands for ('0' = 300 … '5' = 9600, '6' = 19200); nullopt for other characters.
std::optional<int> baud_of(char baud_char) noexcept;

/// The baud character of a rate (the inverse of `baud_of`); nullopt for rates mode C has no character for.
std::optional<char> baud_char_of(int baud) noexcept;

/// "/?" [address] "!" CR LF. The address selects one meter of several on a bus (up to 32 printable characters).
std::string sign_on(std::string_view address = {});

/// What the reading side asks for in the option select.
enum class session_mode : char {
  readout = '0',     ///< the meter sends its data block once and ends the session
  programming = '1', ///< password, then any number of reads (R1) and writes (W1), ended by a break (B0)
};

/// ACK "0" Z mode CR LF: protocol control '0' (normal), the baud character to continue at, and the mode.
std::string option_select(char baud_char, session_mode mode);

/// SOH command STX data ETX BCC, e.g. command "R1" and data "200700FF()". The command is two characters.
std::string command_message(std::string_view command, std::string_view data);

/// SOH "B0" ETX BCC: ends the session; the meter does not answer.
std::string break_message();

/// The data set "address(value)" that read, write and password commands carry ("200700FF()", "(00000000)").
std::string data_set(std::string_view address, std::string_view value);

} // namespace meterhub::iec61107

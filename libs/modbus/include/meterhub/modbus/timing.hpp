#pragma once

#include <chrono>
#include <cstddef>

#include "meterhub/modbus/frame.hpp"

/// How long Modbus RTU exchanges occupy a serial line (Modbus over Serial Line V1.02 §2.5.1.1): a character is
/// start bit + data bits + parity bit + stop bits (the spec's 11 bits for 8E1 and 8N2; 10 for the common 8N1),
/// frames are separated by at least 3.5 character times of silence (t3.5) and a frame's characters by at most 1.5
/// (t1.5); above 19200 Bd the spec fixes t3.5 = 1.75 ms and t1.5 = 0.75 ms. Pure arithmetic, for the RTU line's
/// pacing and for the benchmark of line efficiency.
namespace meterhub::modbus {

/// The character format of a serial line (the same fields as transport::serial_settings, without its I/O).
struct serial_format {
  unsigned baud = 9600;
  unsigned data_bits = 8;
  bool parity = true; ///< even or odd: one bit either way
  unsigned stop_bits = 1;
};

/// Bits on the wire per character: 1 + data_bits + parity + stop_bits.
constexpr unsigned bits_per_character(const serial_format& f) noexcept {
  return 1 + f.data_bits + (f.parity ? 1 : 0) + f.stop_bits;
}

/// The time `characters` characters take on the wire; rounded to the nanosecond once, not per character. Zero
/// for a baud rate of 0.
std::chrono::nanoseconds transmission_time(const serial_format& f, std::size_t characters) noexcept;

/// One character's time.
std::chrono::nanoseconds character_time(const serial_format& f) noexcept;

/// t3.5, the silence that ends a frame: 3.5 character times, 1.75 ms above 19200 Bd.
std::chrono::nanoseconds inter_frame_delay(const serial_format& f) noexcept;

/// t1.5, the longest pause allowed inside a frame: 1.5 character times, 0.75 ms above 19200 Bd.
std::chrono::nanoseconds inter_character_timeout(const serial_format& f) noexcept;

/// The line time of one transaction: the request, t3.5, the device's `turnaround` (its processing before it
/// answers), the response and t3.5 before the next request. A response of 0 bytes (a broadcast) leaves request,
/// t3.5 and the turnaround (the spec's "turnaround delay" for broadcasts).
std::chrono::nanoseconds transaction_time(const serial_format& f, std::size_t request_bytes,
                                          std::size_t response_bytes,
                                          std::chrono::nanoseconds turnaround = {}) noexcept;

/// The line time of `r` answered successfully (its RTU frame and `expected_response_size`).
std::chrono::nanoseconds transaction_time(const serial_format& f, const request& r,
                                          std::chrono::nanoseconds turnaround = {}) noexcept;

} // namespace meterhub::modbus

#include "meterhub/modbus/timing.hpp"


namespace meterhub::modbus {

namespace {

using std::chrono::nanoseconds;

/// Serial Line §2.5.1.1: above 19200 Bd the timers are fixed, as UARTs interrupt per character anyway.
constexpr unsigned fixed_timer_baud = 19200;

/// `tenths / 10` character times, rounded to the nearest nanosecond.
nanoseconds character_tenths(const serial_format& f, std::size_t tenths) noexcept {
  if (f.baud == 0)
    return nanoseconds{0};
  auto numerator = static_cast<unsigned long long>(tenths) * bits_per_character(f) * 100'000'000ULL;
  return nanoseconds{static_cast<long long>((numerator + f.baud / 2) / f.baud)};
}

} // namespace

nanoseconds transmission_time(const serial_format& f, std::size_t characters) noexcept {
  return character_tenths(f, 10 * characters);
}

nanoseconds character_time(const serial_format& f) noexcept {
  return transmission_time(f, 1);
}

nanoseconds inter_frame_delay(const serial_format& f) noexcept {
  return f.baud > fixed_timer_baud ? nanoseconds{1'750'000} : character_tenths(f, 35);
}

nanoseconds inter_character_timeout(const serial_format& f) noexcept {
  return f.baud > fixed_timer_baud ? nanoseconds{750'000} : character_tenths(f, 15);
}

nanoseconds transaction_time(const serial_format& f, std::size_t request_bytes, std::size_t response_bytes,
                             nanoseconds turnaround) noexcept {
  auto t = transmission_time(f, request_bytes) + inter_frame_delay(f) + turnaround;
  if (response_bytes > 0)
    t += transmission_time(f, response_bytes) + inter_frame_delay(f);
  return t;
}

nanoseconds transaction_time(const serial_format& f, const request& r, nanoseconds turnaround) noexcept {
  return transaction_time(f, request_size(r, framing::rtu), expected_response_size(r, framing::rtu), turnaround);
}

} // namespace meterhub::modbus

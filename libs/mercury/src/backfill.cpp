#include "meterhub/mercury/backfill.hpp"

#include <algorithm>

#include "quantity_table.hpp"

namespace meterhub::mercury {

namespace {

constexpr std::int64_t ms_per_minute = 60'000;
constexpr std::uint32_t byte_space = 0x10000;  // Mercury 230/236: 16-bit addresses (D2 wraps 0 → FFF0)
constexpr std::uint32_t index_space = 0x20000; // Mercury 234 firmware ≥ 9: 17 bits (PZ m234)

std::int64_t capacity(const options& o) noexcept {
  return (o.addressing == profile_addressing::byte_address ? byte_space : index_space) / profile_record_stride;
}

/// Records the array holds: all of it once it has wrapped, else those from address 0 up to the pointer (PZ
/// ReadLastSlice: "addr / 0x10" records before the wrap).
std::int64_t available(const profile_pointer& p, const options& o) noexcept {
  if ((p.status & profile_status::overflow) != 0)
    return capacity(o);
  const std::int64_t index =
    o.addressing == profile_addressing::byte_address ? p.address / profile_record_stride : p.address;
  return std::min(index + 1, capacity(o));
}

std::uint32_t flags_of(std::uint8_t status) noexcept {
  std::uint32_t flags = static_cast<std::uint32_t>(flag::backfilled);
  if ((status & profile_status::overflow) != 0)
    flags |= static_cast<std::uint32_t>(flag::overflow);
  if ((status & (profile_status::incomplete | profile_status::initialised)) != 0)
    flags |= static_cast<std::uint32_t>(flag::partial_period);
  if ((status & profile_status::winter) == 0)
    flags |= static_cast<std::uint32_t>(flag::summer_time);
  return flags;
}

} // namespace

read_memory profile_record_request(std::uint16_t pointer_address, std::uint32_t back, const options& o) noexcept {
  // Unsigned arithmetic wraps modulo 2^64, a multiple of both address spaces, so the subtraction wraps right.
  const std::uint64_t step = std::uint64_t{back} * profile_record_stride;
  if (o.addressing == profile_addressing::byte_address) {
    const auto address = (std::uint64_t{pointer_address} - step) % byte_space;
    return read_memory{profile_memory, static_cast<std::uint16_t>(address), profile_record_size};
  }
  const auto full = (std::uint64_t{pointer_address} * profile_record_stride - step) % index_space;
  const auto memory = static_cast<std::uint8_t>(profile_memory | ((full & 0x10000) != 0 ? 0x80 : 0x00));
  return read_memory{memory, static_cast<std::uint16_t>(full & 0xFFFF), profile_record_size};
}

std::int64_t period_end_ms(const profile_stamp& stamp, std::uint8_t status, std::uint8_t period_minutes,
                           const options& o) noexcept {
  auto wall = wall_clock_ms(stamp);
  if (!o.profile_stamp_is_end)
    wall += std::int64_t{period_minutes} * ms_per_minute;
  auto offset = o.utc_offset.count();
  if (o.meter_switches_dst && (status & profile_status::winter) == 0)
    offset += 60;
  return wall - offset * ms_per_minute;
}

std::vector<profile_read> plan_profile_reads(const profile_pointer& pointer, std::int64_t from_ms,
                                             std::int64_t to_ms, const options& o) {
  std::vector<profile_read> out;
  if (pointer.period_minutes == 0)
    return out;
  const std::int64_t period = std::int64_t{pointer.period_minutes} * ms_per_minute;
  const auto last = period_end_ms(pointer.stamp, pointer.status, pointer.period_minutes, o);
  const auto oldest = last - (available(pointer, o) - 1) * period;
  from_ms = std::max(from_ms, oldest);
  to_ms = std::min(to_ms, last);
  if (from_ms > to_ms)
    return out;
  const auto newest_back = (last - to_ms + period - 1) / period; // ceil: the first end not after to_ms
  const auto oldest_back = (last - from_ms) / period;            // floor: the last end not before from_ms
  for (auto back = oldest_back; back >= newest_back; --back)
    out.push_back({profile_record_request(pointer.address, static_cast<std::uint32_t>(back), o), last - back * period});
  return out;
}

std::vector<reading> profile_readings(const profile_record& record, const options& o) {
  std::vector<reading> out;
  const auto end = period_end_ms(record.stamp, record.status, record.period_minutes, o);
  const auto flags = flags_of(record.status);
  for (std::size_t i = 0; i < record.counts.size(); ++i) {
    if (!record.counts[i])
      continue;
    reading r;
    r.quantity = std::string{detail::profile_codes[i]};
    r.value = static_cast<double>(*record.counts[i]) * o.profile_wh_per_count();
    r.unit = detail::energy_columns[i].unit;
    r.time_ms = end;
    r.flags = flags;
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace meterhub::mercury

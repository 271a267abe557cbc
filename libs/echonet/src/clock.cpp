#include "meterhub/echonet/clock.hpp"

#include "bytes.hpp"
#include "checks.hpp"
#include "meterhub/core/time.hpp"

namespace meterhub::echonet {

std::int64_t to_unix_ms(const meter_date_time& t, std::chrono::minutes utc_offset) noexcept {
  const auto local = unix_ms_from_utc(t.year, t.month, t.day, t.hour, t.minute, t.second);
  return local - std::chrono::duration_cast<std::chrono::milliseconds>(utc_offset).count();
}

caf::expected<meter_date_time> read_date_time(std::span<const std::uint8_t> b, bool with_seconds) {
  meter_date_time t;
  t.year = detail::be16(b, 0);
  t.month = b[2];
  t.day = b[3];
  t.hour = b[4];
  t.minute = b[5];
  t.second = with_seconds ? b[6] : 0;
  if (t.month < 1 || t.month > 12)
    return detail::bad_value("month", t.month);
  if (t.day < 1 || t.day > 31)
    return detail::bad_value("day", t.day);
  if (t.hour > 23)
    return detail::bad_value("hour", t.hour);
  if (t.minute > 59)
    return detail::bad_value("minute", t.minute);
  if (t.second > 59)
    return detail::bad_value("second", t.second);
  return t;
}

} // namespace meterhub::echonet

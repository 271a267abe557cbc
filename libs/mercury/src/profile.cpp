#include "meterhub/mercury/profile.hpp"

#include <algorithm>
#include <string>

#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/values.hpp"

namespace meterhub::mercury {

namespace {

caf::expected<profile_stamp> stamp_at(std::span<const std::uint8_t> data, std::size_t offset) {
  return decode_profile_stamp(std::span<const std::uint8_t, 5>{data.data() + offset, 5});
}

void put_stamp(std::uint8_t* out, const profile_stamp& s) noexcept {
  const auto bytes = encode_profile_stamp(s);
  std::copy(bytes.begin(), bytes.end(), out);
}

bool empty_cell(std::span<const std::uint8_t> data) noexcept {
  if (std::all_of(data.begin(), data.end(), [](std::uint8_t b) { return b == 0xFF; }))
    return true;
  // D2 skips records whose hour, minute and day are zero: a cleared cell.
  return std::all_of(data.begin() + 1, data.begin() + 6, [](std::uint8_t b) { return b == 0; });
}

} // namespace

caf::expected<profile_pointer> decode_profile_pointer(std::span<const std::uint8_t> data) {
  if (data.size() != 9)
    return make_error(mercury_errc::bad_length, "profile pointer of " + std::to_string(data.size()) + " bytes");
  auto stamp = stamp_at(data, 3);
  if (!stamp)
    return stamp.error();
  if (data[8] == 0)
    return make_error(mercury_errc::bad_value, "profile period of 0 minutes");
  return profile_pointer{static_cast<std::uint16_t>((data[0] << 8) | data[1]), data[2], *stamp, data[8]};
}

std::array<std::uint8_t, 9> encode_profile_pointer(const profile_pointer& p) noexcept {
  std::array<std::uint8_t, 9> out{static_cast<std::uint8_t>(p.address >> 8), static_cast<std::uint8_t>(p.address),
                                  p.status};
  put_stamp(out.data() + 3, p.stamp);
  out[8] = p.period_minutes;
  return out;
}

caf::expected<profile_record> decode_profile_record(std::span<const std::uint8_t> data) {
  if (data.size() != profile_record_size)
    return make_error(mercury_errc::bad_length, "profile record of " + std::to_string(data.size()) + " bytes");
  if (empty_cell(data))
    return make_error(mercury_errc::empty_record, "no record in this cell");
  auto stamp = stamp_at(data, 1);
  if (!stamp)
    return stamp.error();
  if (data[6] == 0)
    return make_error(mercury_errc::bad_value, "profile period of 0 minutes");
  profile_record r{data[0], *stamp, data[6], {}};
  for (std::size_t i = 0; i < r.counts.size(); ++i)
    r.counts[i] = decode_u16_le(std::span<const std::uint8_t, 2>{data.data() + 7 + 2 * i, 2});
  return r;
}

std::array<std::uint8_t, 15> encode_profile_record(const profile_record& r) noexcept {
  std::array<std::uint8_t, 15> out{r.status};
  put_stamp(out.data() + 1, r.stamp);
  out[6] = r.period_minutes;
  for (std::size_t i = 0; i < r.counts.size(); ++i) {
    const std::uint16_t v = r.counts[i].value_or(0xFFFF);
    out[7 + 2 * i] = static_cast<std::uint8_t>(v & 0xFF);
    out[8 + 2 * i] = static_cast<std::uint8_t>(v >> 8);
  }
  return out;
}

} // namespace meterhub::mercury

#include "meterhub/mercury/info.hpp"

#include <algorithm>

#include "meterhub/mercury/clock.hpp"
#include "meterhub/mercury/error.hpp"

namespace meterhub::mercury {

namespace {

caf::error wrong_length(const char* what, std::size_t got) {
  return make_error(mercury_errc::bad_length, std::string{what} + " reply of " + std::to_string(got) + " bytes");
}

std::string two_digits(unsigned v) {
  return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

caf::expected<serial_info> serial_fields(std::span<const std::uint8_t> data) {
  serial_info s;
  std::copy_n(data.begin(), 4, s.serial.begin());
  if (std::any_of(s.serial.begin(), s.serial.end(), [](std::uint8_t b) { return b > 99; }))
    return make_error(mercury_errc::bad_value, "a serial-number byte above 99");
  s.made = meter_date{data[4], data[5], data[6]};
  if (s.made.year > 99 || !valid_date(s.made.year, s.made.month, s.made.day))
    return make_error(mercury_errc::bad_value, "impossible manufacture date");
  return s;
}

} // namespace

std::string serial_info::serial_text() const {
  std::string out;
  for (auto b : serial)
    out += two_digits(b % 100);
  return out;
}

caf::expected<serial_info> decode_serial(std::span<const std::uint8_t> data) {
  if (data.size() != 7)
    return wrong_length("serial", data.size());
  return serial_fields(data);
}

std::array<std::uint8_t, 7> encode_serial(const serial_info& s) noexcept {
  return {s.serial[0], s.serial[1], s.serial[2], s.serial[3], s.made.day, s.made.month, s.made.year};
}

caf::expected<passport_info> decode_passport(std::span<const std::uint8_t> data) {
  if (data.size() != 16 && data.size() != 24)
    return wrong_length("passport", data.size());
  auto serial = serial_fields(data);
  if (!serial)
    return serial.error();
  passport_info p{*serial, {data[7], data[8], data[9]}, {data.begin() + 10, data.end()}};
  return p;
}

std::vector<std::uint8_t> encode_passport(const passport_info& p) {
  const auto s = encode_serial(p.serial);
  std::vector<std::uint8_t> out;
  out.reserve(s.size() + p.version.size() + p.variant.size());
  out.insert(out.end(), s.begin(), s.end());
  out.insert(out.end(), p.version.begin(), p.version.end());
  out.insert(out.end(), p.variant.begin(), p.variant.end());
  return out;
}

caf::expected<std::array<std::uint8_t, 3>> decode_version(std::span<const std::uint8_t> data) {
  if (data.size() != 3)
    return wrong_length("version", data.size());
  return std::array<std::uint8_t, 3>{data[0], data[1], data[2]};
}

std::string version_text(const std::array<std::uint8_t, 3>& v) {
  return std::to_string(v[0]) + "." + std::to_string(v[1]) + "." + std::to_string(v[2]);
}

caf::expected<transformer_ratios> decode_ratios(std::span<const std::uint8_t> data) {
  if (data.size() != 4 && data.size() != 10)
    return wrong_length("transformer ratios", data.size());
  transformer_ratios r{static_cast<std::uint16_t>((data[0] << 8) | data[1]),
                       static_cast<std::uint16_t>((data[2] << 8) | data[3]),
                       {data.begin() + 4, data.end()}};
  if (r.voltage == 0 || r.current == 0)
    return make_error(mercury_errc::bad_value, "a transformer ratio of 0");
  return r;
}

std::vector<std::uint8_t> encode_ratios(const transformer_ratios& r) {
  std::vector<std::uint8_t> out{static_cast<std::uint8_t>(r.voltage >> 8), static_cast<std::uint8_t>(r.voltage),
                                static_cast<std::uint8_t>(r.current >> 8), static_cast<std::uint8_t>(r.current)};
  out.insert(out.end(), r.extra.begin(), r.extra.end());
  return out;
}

caf::expected<std::uint8_t> decode_network_address(std::span<const std::uint8_t> data) {
  if (data.size() != 2)
    return wrong_length("network address", data.size());
  return data[1];
}

std::array<std::uint8_t, 2> encode_network_address(std::uint8_t address) noexcept {
  return {0x00, address};
}

} // namespace meterhub::mercury

#include "meterhub/modbus/crc.hpp"

#include <array>

namespace meterhub::modbus {

namespace {

constexpr std::array<std::uint16_t, 256> make_table() {
  std::array<std::uint16_t, 256> table{};
  for (unsigned n = 0; n < 256; ++n) {
    unsigned crc = n;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
    table[n] = static_cast<std::uint16_t>(crc);
  }
  return table;
}

constexpr auto crc_table = make_table();

} // namespace

std::uint16_t crc16_modbus(std::span<const std::uint8_t> bytes) noexcept {
  std::uint16_t crc = 0xFFFF;
  for (auto byte : bytes)
    crc = static_cast<std::uint16_t>((crc >> 8) ^ crc_table[(crc ^ byte) & 0xFF]);
  return crc;
}

void append_crc16_modbus(std::vector<std::uint8_t>& frame) {
  auto crc = crc16_modbus(frame);
  frame.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  frame.push_back(static_cast<std::uint8_t>(crc >> 8));
}

bool has_valid_crc16_modbus(std::span<const std::uint8_t> frame) noexcept {
  if (frame.size() < 3)
    return false;
  auto crc = crc16_modbus(frame.first(frame.size() - 2));
  return frame[frame.size() - 2] == (crc & 0xFF) && frame[frame.size() - 1] == (crc >> 8);
}

} // namespace meterhub::modbus

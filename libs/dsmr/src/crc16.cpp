#include "meterhub/dsmr/crc16.hpp"

#include <array>

namespace meterhub::dsmr {

namespace {

constexpr std::array<std::uint16_t, 256> make_table() {
  std::array<std::uint16_t, 256> table{};
  for (unsigned i = 0; i < 256; ++i) {
    std::uint16_t crc = static_cast<std::uint16_t>(i);
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1) ? static_cast<std::uint16_t>((crc >> 1) ^ 0xA001) : static_cast<std::uint16_t>(crc >> 1);
    table[i] = crc;
  }
  return table;
}

constexpr auto table = make_table();

/// Slicing-by-8 tables: eight bytes per step instead of one (the CRC runs over every telegram).
constexpr std::array<std::array<std::uint16_t, 256>, 8> make_slices() {
  std::array<std::array<std::uint16_t, 256>, 8> t{};
  t[0] = table;
  for (std::size_t k = 1; k < 8; ++k)
    for (std::size_t i = 0; i < 256; ++i)
      t[k][i] = static_cast<std::uint16_t>((t[k - 1][i] >> 8) ^ table[t[k - 1][i] & 0xFF]);
  return t;
}

constexpr auto slices = make_slices();

} // namespace

std::uint16_t crc16_arc_update(std::uint16_t crc, std::string_view bytes) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  while (n >= 8) {
    const unsigned b0 = p[0] ^ (crc & 0xFF);
    const unsigned b1 = p[1] ^ (crc >> 8);
    crc = static_cast<std::uint16_t>(slices[7][b0] ^ slices[6][b1] ^ slices[5][p[2]] ^ slices[4][p[3]] ^
                                     slices[3][p[4]] ^ slices[2][p[5]] ^ slices[1][p[6]] ^ slices[0][p[7]]);
    p += 8;
    n -= 8;
  }
  while (n-- > 0)
    crc = static_cast<std::uint16_t>((crc >> 8) ^ table[(crc ^ *p++) & 0xFF]);
  return crc;
}

std::uint16_t crc16_arc(std::string_view bytes) noexcept {
  return crc16_arc_update(0, bytes);
}

} // namespace meterhub::dsmr

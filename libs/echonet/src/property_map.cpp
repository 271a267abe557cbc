#include "meterhub/echonet/property_map.hpp"

#include <algorithm>
#include <string>

#include "checks.hpp"

namespace meterhub::echonet {

namespace {

constexpr std::size_t bitmap_threshold = 16; // spec §9.6: a list below 16 EPCs, a bitmap from 16 on
constexpr std::size_t bitmap_size = 16;

/// Byte i, bit j of the bitmap stands for EPC 0x80 + 0x10·j + i.
std::uint8_t epc_of(std::size_t byte, std::size_t bit) noexcept {
  return static_cast<std::uint8_t>(0x80 + 0x10 * bit + byte);
}

caf::expected<std::vector<std::uint8_t>> decode_bitmap(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 1 + bitmap_size, "property map bitmap"))
    return err;
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < bitmap_size; ++i)
    for (std::size_t j = 0; j < 8; ++j)
      if (edt[1 + i] & (1u << j))
        out.push_back(epc_of(i, j));
  if (out.size() != edt[0])
    return make_error(echonet_errc::bad_value, "bitmap holds " + std::to_string(out.size()) + " EPCs, count says " +
                                                   std::to_string(edt[0]));
  std::sort(out.begin(), out.end());
  return out;
}

caf::expected<std::vector<std::uint8_t>> decode_list(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 1 + std::size_t{edt[0]}, "property map list"))
    return err;
  std::vector<std::uint8_t> out(edt.begin() + 1, edt.end());
  for (auto epc : out)
    if (epc < 0x80)
      return detail::bad_value("property map EPC", epc);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace

caf::expected<std::vector<std::uint8_t>> decode_property_map(std::span<const std::uint8_t> edt) {
  if (edt.empty())
    return make_error(echonet_errc::bad_size, "property map without a count");
  return edt[0] < bitmap_threshold ? decode_list(edt) : decode_bitmap(edt);
}

std::vector<std::uint8_t> encode_property_map(std::span<const std::uint8_t> epcs) {
  std::vector<std::uint8_t> sorted;
  for (auto epc : epcs)
    if (epc >= 0x80)
      sorted.push_back(epc);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  const auto count = static_cast<std::uint8_t>(sorted.size());
  if (sorted.size() < bitmap_threshold) {
    sorted.insert(sorted.begin(), count);
    return sorted;
  }
  std::vector<std::uint8_t> out(1 + bitmap_size, 0);
  out[0] = count;
  for (auto epc : sorted) {
    const std::size_t offset = epc - 0x80u;
    out[1 + (offset & 0x0F)] |= static_cast<std::uint8_t>(1u << (offset >> 4));
  }
  return out;
}

} // namespace meterhub::echonet

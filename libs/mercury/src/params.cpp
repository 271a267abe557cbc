#include "meterhub/mercury/params.hpp"

#include <string>

#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/reply.hpp"

namespace meterhub::mercury {

namespace {

constexpr std::uint8_t temperature_parameter = 7;

std::optional<aux_word> decode_short(std::span<const std::uint8_t, 2> bytes, bool big_endian) noexcept {
  if (bytes[0] == 0xFF && bytes[1] == 0xFF)
    return std::nullopt;
  const auto v = big_endian ? decode_u16_be(bytes) : static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8));
  return aux_word{v, false, false};
}

void append_short(std::vector<std::uint8_t>& out, const std::optional<aux_word>& w, bool big_endian) {
  if (!w || (w->magnitude & 0xFFFF) == 0xFFFF) {
    out.insert(out.end(), {0xFF, 0xFF});
    return;
  }
  const auto v = static_cast<std::uint16_t>(w->magnitude);
  const auto hi = static_cast<std::uint8_t>(v >> 8);
  const auto lo = static_cast<std::uint8_t>(v & 0xFF);
  if (big_endian)
    out.insert(out.end(), {hi, lo});
  else
    out.insert(out.end(), {lo, hi});
}

} // namespace

std::uint8_t phase_of_value(const read_aux& r, std::size_t index) noexcept {
  const auto phase_bits = static_cast<std::uint8_t>(r.bwri & 0x03);
  const auto layout = aux_layout_of(r);
  if (layout.values == 1)
    return phase_bits;
  if (layout.values == 4)
    return static_cast<std::uint8_t>(index); // sum, L1, L2, L3
  return static_cast<std::uint8_t>(index + 1);
}

caf::expected<std::vector<std::optional<aux_word>>> decode_aux_values(const read_aux& r,
                                                                      std::span<const std::uint8_t> data) {
  const auto layout = aux_layout_of(r);
  if (data.size() != layout.values * layout.width)
    return make_error(mercury_errc::bad_length, "auxiliary reply of " + std::to_string(data.size()) +
                                                    " bytes where " +
                                                    std::to_string(layout.values * layout.width) + " fit");
  const bool big_endian = parameter_of(r.bwri) == temperature_parameter;
  std::vector<std::optional<aux_word>> out;
  out.reserve(layout.values);
  for (std::size_t i = 0; i < layout.values; ++i) {
    const auto* p = data.data() + i * layout.width;
    if (layout.width == 2)
      out.push_back(decode_short(std::span<const std::uint8_t, 2>{p, 2}, big_endian));
    else
      out.push_back(decode_aux_word(std::span<const std::uint8_t, 3>{p, 3}));
  }
  return out;
}

std::vector<std::uint8_t> encode_aux_values(const read_aux& r, const std::vector<std::optional<aux_word>>& values) {
  const auto layout = aux_layout_of(r);
  const bool big_endian = parameter_of(r.bwri) == temperature_parameter;
  std::vector<std::uint8_t> out;
  out.reserve(layout.values * layout.width);
  for (std::size_t i = 0; i < layout.values; ++i) {
    const auto& v = i < values.size() ? values[i] : std::optional<aux_word>{};
    if (layout.width == 2) {
      append_short(out, v, big_endian);
    } else {
      const auto word = encode_aux_word(v);
      out.insert(out.end(), word.begin(), word.end());
    }
  }
  return out;
}

} // namespace meterhub::mercury

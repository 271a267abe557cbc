#include "meterhub/mercury/energy.hpp"

#include <string>

#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/values.hpp"

namespace meterhub::mercury {

namespace {

std::size_t words_of(const read_energy& r) noexcept {
  return r.array == energy_array::phases ? 3 : 4;
}

} // namespace

caf::expected<std::vector<std::optional<std::uint32_t>>> decode_energy_array(const read_energy& r,
                                                                             std::span<const std::uint8_t> data) {
  const auto words = words_of(r);
  if (data.size() != words * 4)
    return make_error(mercury_errc::bad_length, "energy array of " + std::to_string(data.size()) + " bytes where " +
                                                    std::to_string(words * 4) + " fit");
  std::vector<std::optional<std::uint32_t>> out;
  out.reserve(words);
  for (std::size_t i = 0; i < words; ++i)
    out.push_back(decode_energy_word(std::span<const std::uint8_t, 4>{data.data() + i * 4, 4}));
  return out;
}

std::vector<std::uint8_t> encode_energy_array(const read_energy& r,
                                              const std::vector<std::optional<std::uint32_t>>& counts) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < words_of(r); ++i) {
    const auto word = encode_energy_word(i < counts.size() ? counts[i] : std::nullopt);
    out.insert(out.end(), word.begin(), word.end());
  }
  return out;
}

} // namespace meterhub::mercury

#include "words.hpp"

namespace meterhub::modbus::detail {

namespace {

/// CDAB and DCBA put the least significant word at the lowest address.
bool low_word_first(word_order order) noexcept {
  return order == word_order::cdab || order == word_order::dcba;
}

/// BADC and DCBA send the low byte of each word first.
bool bytes_swapped(word_order order) noexcept {
  return order == word_order::badc || order == word_order::dcba;
}

std::uint16_t swap_bytes(std::uint16_t word) noexcept {
  return static_cast<std::uint16_t>((word << 8) | (word >> 8));
}

} // namespace

std::uint64_t gather(std::span<const std::uint16_t> regs, word_order order) noexcept {
  std::uint64_t value = 0;
  auto n = regs.size();
  for (std::size_t k = 0; k < n; ++k) { // k-th word from the most significant one
    std::uint16_t word = low_word_first(order) ? regs[n - 1 - k] : regs[k];
    value = (value << 16) | (bytes_swapped(order) ? swap_bytes(word) : word);
  }
  return value;
}

void scatter(std::uint64_t value, word_order order, std::span<std::uint16_t> regs) noexcept {
  auto n = regs.size();
  for (std::size_t k = 0; k < n; ++k) { // k-th word from the least significant one
    auto word = static_cast<std::uint16_t>(value >> (16 * k));
    regs[low_word_first(order) ? k : n - 1 - k] = bytes_swapped(order) ? swap_bytes(word) : word;
  }
}

} // namespace meterhub::modbus::detail

#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <caf/expected.hpp>

/// Property maps (EPC 0x9D status-change, 0x9E Set, 0x9F Get, spec §5, §9.6): which EPCs an object supports.
/// Fewer than 16 EPCs travel as a count and a list; 16 or more as a count and a 16-byte bitmap in which byte i, bit j
/// stands for EPC 0x80 + 0x10·j + i.
namespace meterhub::echonet {

/// The EPCs of a map EDT in ascending order. `bad_size` when the EDT length does not fit its count (count + list, or
/// count + 16 bytes), `bad_value` when a list names an EPC below 0x80 or a bitmap's bits disagree with its count.
caf::expected<std::vector<std::uint8_t>> decode_property_map(std::span<const std::uint8_t> edt);

/// The EDT of a map of `epcs` (each 0x80…0xFF, duplicates ignored), in the form the count calls for.
std::vector<std::uint8_t> encode_property_map(std::span<const std::uint8_t> epcs);

} // namespace meterhub::echonet

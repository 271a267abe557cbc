#pragma once

#include <cstdint>
#include <span>

#include <caf/error.hpp>

#include "meterhub/modbus/value.hpp"

/// Word and byte order of multi-register values and the spec check, shared by decode and encode.
namespace meterhub::modbus::detail {

/// The number held by 1, 2 or 4 registers (`regs[0]` the lowest address) stored in `order`.
std::uint64_t gather(std::span<const std::uint16_t> regs, word_order order) noexcept;

/// Stores the low `16 × regs.size()` bits of `value` into `regs` in `order`: the inverse of `gather`.
void scatter(std::uint64_t value, word_order order, std::span<std::uint16_t> regs) noexcept;

/// Longest string a spec may name: one read request's worth of registers.
inline constexpr unsigned max_string_registers = 125;

/// An error (`bad_value`) when `spec` cannot describe a value: a bit field outside one register, a string of no
/// registers or of more than one request can read.
caf::error check_spec(const value_spec& spec);

} // namespace meterhub::modbus::detail

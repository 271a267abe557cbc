#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "energy_history.hpp"
#include "register_address.hpp"

/// The registers of a NEVA MT324 (three-phase, active energy only) that the imitator serves: specs/iec61107-neva.md
/// §5. Reactive registers and the MT1-only ones are absent on purpose, so reading them gives the error reply "(01)" a
/// real MT324 gives.
namespace meterhub::iec61107sim {

/// What a computed register reads: one meter at one instant of its clock.
struct meter_view {
  const energy_history& history;
  std::uint64_t seed;
  local_seconds now; ///< the meter's clock
};

enum class register_kind : std::uint8_t {
  computed, ///< read-only, derived from the clock, the load and the counters
  stored,   ///< a value kept by the meter, writable with W1 (schedules, address, password, texts, settings)
  clock,    ///< time 00.09.01 and date 00.09.02: read from the clock; a write sets the clock
};

/// One register, or a family that differs in one group ("63.01.00*NN", "0A.NN.64*FF").
struct register_spec {
  register_address base = 0;  ///< the address with the varying group zeroed
  int varying_shift = -1;     ///< bit position of the varying group: 0 = F, 16 = D; −1 = a single register
  unsigned lo = 0, hi = 0;    ///< range of the varying group
  register_kind kind = register_kind::computed;
  std::string (*read)(const meter_view&, unsigned varying) = nullptr; ///< computed and clock registers
  bool (*valid)(std::string_view value) = nullptr;                   ///< stored: what a W1 may write
  std::string (*initial)(unsigned varying) = nullptr;                ///< stored: the factory value
  bool readable = true;                                              ///< stored: false for the password
};

inline constexpr register_address network_address_register = 0x600101FF;
inline constexpr register_address password_register = 0x600102FF;
inline constexpr register_address configuration_register = 0x150004FF;

/// The spec of `address`, nullptr when the MT324 has no such register.
const register_spec* find_register(register_address address);

/// The value of the varying group of `address` under `spec` (0 for a single register).
unsigned varying_of(const register_spec& spec, register_address address) noexcept;

/// True for the tariff tables: schedules, seasons, special days (a write changes how energy is split).
bool is_tariff_table(register_address address) noexcept;

/// Every register of the table, ranges expanded: for the stored values' initialisation and for tests.
std::span<const register_spec> mt324_registers();

} // namespace meterhub::iec61107sim

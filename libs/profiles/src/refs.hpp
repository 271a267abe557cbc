// A profile register as the planner sees it (internal).
#pragma once

#include "meterhub/modbus/planner.hpp"
#include "meterhub/profiles/profile.hpp"

namespace meterhub::profiles::detail {

/// Register `index` of `p` at `unit_id`, with the index as the planner's id.
inline modbus::register_ref ref_of(const profile& p, std::size_t index, std::uint8_t unit_id) {
  const auto& def = p.registers[index];
  return {unit_id, def.table, def.address, static_cast<std::uint16_t>(modbus::register_count(def.spec)), index};
}

} // namespace meterhub::profiles::detail

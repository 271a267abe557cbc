#include <set>

#include "meterhub/profiles/profile.hpp"
#include "refs.hpp"

namespace meterhub::profiles {

std::vector<modbus::read_request> plan_group(const profile& p, const poll_group& g, std::uint8_t unit_id) {
  std::set<std::size_t> wanted;
  for (auto index : g.registers) {
    if (index >= p.registers.size())
      continue;
    wanted.insert(index);
    if (auto sf = p.registers[index].scale_register_index; sf && *sf < p.registers.size())
      wanted.insert(*sf);
  }
  std::vector<modbus::register_ref> refs;
  for (auto index : wanted)
    refs.push_back(detail::ref_of(p, index, unit_id));
  return modbus::plan_reads(std::move(refs), p.limits);
}

} // namespace meterhub::profiles

#include "meterhub/echonet/frame.hpp"

namespace meterhub::echonet {

frame make_get(std::uint16_t tid, std::span<const std::uint8_t> epcs, eoj target) {
  frame f{tid, controller_eoj, target, esv::get, {}};
  for (auto epc : epcs)
    f.properties.push_back({epc, {}});
  return f;
}

frame make_set_c(std::uint16_t tid, property p, eoj target) {
  return {tid, controller_eoj, target, esv::set_c, {std::move(p)}};
}

frame make_infc_res(const frame& infc) {
  frame f{infc.tid, infc.deoj, infc.seoj, esv::infc_res, {}};
  for (const auto& p : infc.properties)
    f.properties.push_back({p.epc, {}});
  return f;
}

bool is_response_to(const frame& request, const frame& response) noexcept {
  if (response.tid != request.tid || response.seoj != request.deoj || response.deoj != request.seoj)
    return false;
  if (response.properties.size() != request.properties.size())
    return false;
  for (std::size_t i = 0; i < request.properties.size(); ++i)
    if (response.properties[i].epc != request.properties[i].epc)
      return false;
  return true;
}

const property* find(const frame& f, std::uint8_t epc) noexcept {
  for (const auto& p : f.properties)
    if (p.epc == epc)
      return &p;
  return nullptr;
}

} // namespace meterhub::echonet

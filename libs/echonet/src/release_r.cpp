#include <string>

#include "bytes.hpp"
#include "checks.hpp"
#include "meterhub/echonet/meter.hpp"

// Properties that Appendix Release R added (spec §6 last paragraph, §9.6). The caller decodes them only after the
// meter's standard version (0x82) says it speaks that release.
namespace meterhub::echonet {

caf::expected<route_b_id> decode_route_b_id(std::span<const std::uint8_t> edt) {
  if (edt.size() < 4)
    return make_error(echonet_errc::bad_size, "route B id takes at least 4 bytes, got " + std::to_string(edt.size()));
  route_b_id out;
  out.manufacturer = (std::uint32_t{edt[1]} << 16) | (std::uint32_t{edt[2]} << 8) | edt[3];
  out.id.assign(edt.begin() + 4, edt.end());
  return out;
}

caf::expected<one_minute_energy> decode_one_minute_energy(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 15, "one-minute energy"))
    return err;
  auto at = read_date_time(edt, true);
  if (!at)
    return at.error();
  return one_minute_energy{*at, cumulative_sample(detail::be32(edt, 7)), cumulative_sample(detail::be32(edt, 11))};
}

} // namespace meterhub::echonet

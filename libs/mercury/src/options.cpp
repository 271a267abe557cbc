#include "meterhub/mercury/options.hpp"

#include <cmath>

#include "meterhub/mercury/error.hpp"

namespace meterhub::mercury {

caf::error check(const options& o) {
  if (o.phases != 1 && o.phases != 3)
    return make_error(mercury_errc::bad_argument, "phases must be 1 or 3");
  if (o.tariffs > 4)
    return make_error(mercury_errc::bad_argument, "tariffs must be 0…4");
  if (!std::isfinite(o.energy_wh_per_count) || o.energy_wh_per_count <= 0)
    return make_error(mercury_errc::bad_argument, "energy_wh_per_count must be a positive number");
  if (o.meter_constant == 0)
    return make_error(mercury_errc::bad_argument, "meter_constant must be positive");
  if (o.utc_offset > std::chrono::hours{18} || o.utc_offset < -std::chrono::hours{18})
    return make_error(mercury_errc::bad_argument, "utc_offset beyond ±18 h");
  return caf::none;
}

} // namespace meterhub::mercury

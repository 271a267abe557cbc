#include "meterhub/tariff/archive.hpp"

#include <string>

#include "meterhub/tariff/error.hpp"

namespace meterhub::tariff {

namespace {

caf::error validate_shape(const day_profile& day) {
  const auto n = day.energies_mwh.size();
  if (!interval_minutes(n))
    return make_error(tariff_errc::bad_interval_count, std::to_string(n) + " energies, expected 24 or 48");
  if (day.tariffs.size() != n)
    return make_error(tariff_errc::bad_interval_count,
                      std::to_string(day.tariffs.size()) + " tariffs for " + std::to_string(n) + " energies");
  return caf::none;
}

caf::error validate_values(const day_profile& day) {
  for (std::size_t r = 0; r < register_count; ++r)
    if (day.start_mwh[r] < 0)
      return make_error(tariff_errc::negative_value, "start register " + std::to_string(r));
  for (std::size_t k = 0; k < day.energies_mwh.size(); ++k) {
    if (day.energies_mwh[k] < 0)
      return make_error(tariff_errc::negative_value, "interval " + std::to_string(k));
    const auto t = day.tariffs[k].tariff;
    if (t < 1 || t > max_tariff)
      return make_error(tariff_errc::bad_tariff, "interval " + std::to_string(k) + ": tariff " + std::to_string(t));
  }
  return caf::none;
}

/// Adds `energy` to the total and to `tariff`; false on overflow.
bool book(register_set& acc, std::int64_t energy, std::uint8_t tariff) noexcept {
  return !__builtin_add_overflow(acc[0], energy, &acc[0]) && !__builtin_add_overflow(acc[tariff], energy, &acc[tariff]);
}

} // namespace

caf::expected<day_archive> build_day(const day_profile& day, std::optional<unsigned> now_minute) {
  if (auto err = validate_shape(day))
    return err;
  if (auto err = validate_values(day))
    return err;
  if (now_minute && *now_minute > minutes_per_day)
    return make_error(tariff_errc::bad_minute, std::to_string(*now_minute));
  const unsigned step = *interval_minutes(day.energies_mwh.size());
  const unsigned until = now_minute.value_or(minutes_per_day);
  day_archive out{day.start_mwh, step, {}};
  auto acc = day.start_mwh;
  for (std::size_t k = 0; k < day.energies_mwh.size(); ++k) {
    const auto end = static_cast<unsigned>(k + 1) * step;
    if (end > until)
      break;
    const auto& booking = day.tariffs[k];
    if (!book(acc, day.energies_mwh[k], booking.tariff))
      return make_error(tariff_errc::overflow, "interval " + std::to_string(k));
    out.points.push_back({static_cast<std::uint16_t>(end), acc, booking.tariff, booking.estimated});
  }
  return out;
}

} // namespace meterhub::tariff

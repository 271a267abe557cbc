#include "meterhub/tariff/error.hpp"

#include <caf/atom.hpp>

namespace meterhub::tariff {

const char* to_string(tariff_errc code) noexcept {
  switch (code) {
    case tariff_errc::bad_date:
      return "bad_date";
    case tariff_errc::bad_calendar:
      return "bad_calendar";
    case tariff_errc::bad_schedule:
      return "bad_schedule";
    case tariff_errc::bad_interval_count:
      return "bad_interval_count";
    case tariff_errc::bad_tariff:
      return "bad_tariff";
    case tariff_errc::negative_value:
      return "negative_value";
    case tariff_errc::inexact_value:
      return "inexact_value";
    case tariff_errc::overflow:
      return "overflow";
    case tariff_errc::bad_minute:
      return "bad_minute";
    case tariff_errc::incomplete_day:
      return "incomplete_day";
    case tariff_errc::registers_decrease:
      return "registers_decrease";
  }
  return "unknown";
}

std::optional<tariff_errc> tariff_code(const caf::error& err) noexcept {
  if (!err || err.category() != caf::atom("tariff"))
    return std::nullopt;
  return static_cast<tariff_errc>(err.code());
}

} // namespace meterhub::tariff

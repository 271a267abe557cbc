#include "meterhub/neva/profile.hpp"

#include "fields.hpp"
#include "meterhub/neva/error.hpp"
#include "meterhub/neva/values.hpp"

namespace meterhub::neva {

namespace {

/// Splits at commas when the count is one a profile can have; `wrong_count` names what was received.
caf::expected<std::vector<std::string_view>> profile_fields(std::string_view reply) {
  auto hourly = split_list(reply, 24);
  if (hourly)
    return hourly;
  auto half_hourly = split_list(reply, 48);
  if (half_hourly)
    return half_hourly;
  return detail::field_error(neva_errc::wrong_count, "load profile has neither 24 nor 48 values:", reply);
}

/// The scale the values' format shows: kW with a decimal point, W without; nullopt for a mix.
std::optional<power_scale> written_scale(const std::vector<std::string_view>& fields) noexcept {
  std::size_t with_point = 0;
  for (auto field : fields)
    with_point += field.find('.') != std::string_view::npos;
  if (with_point == 0)
    return power_scale::watt;
  if (with_point == fields.size())
    return power_scale::kilowatt;
  return std::nullopt;
}

} // namespace

int load_profile::interval_minutes() const noexcept {
  return values.empty() ? 0 : static_cast<int>(1440 / values.size());
}

decimal load_profile::watts(std::size_t i) const noexcept {
  decimal value = values[i];
  if (scale == power_scale::kilowatt)
    value.exponent += 3;
  return value;
}

caf::expected<load_profile> decode_load_profile(std::string_view reply, std::optional<power_scale> forced) {
  auto fields = profile_fields(reply);
  if (!fields)
    return fields.error();
  load_profile out;
  out.values.reserve(fields->size());
  for (auto field : *fields) {
    auto value = decode_number(field);
    if (!value)
      return value.error();
    out.values.push_back(*value);
  }
  const auto scale = forced ? forced : written_scale(*fields);
  if (!scale)
    return detail::field_error(neva_errc::bad_format, "load profile mixes kW and W values:", reply);
  out.scale = *scale;
  return out;
}

} // namespace meterhub::neva

#include "bytes.hpp"
#include "checks.hpp"
#include "meterhub/echonet/meter.hpp"
#include "meterhub/echonet/scale.hpp"

namespace meterhub::echonet {

namespace {

constexpr std::uint32_t cumulative_max = 99'999'999;
constexpr std::uint32_t cumulative_no_data = 0xFFFFFFFE;

/// E8 halves: valid 0x8001…0x7FFD (APX ranges, spec §6).
sample<std::int16_t> current_sample(std::uint16_t raw) noexcept {
  const auto value = static_cast<std::int16_t>(raw);
  switch (raw) {
    case 0x7FFE:
      return {value, sample_state::no_data};
    case 0x7FFF:
      return {value, sample_state::overflow};
    case 0x8000:
      return {value, sample_state::underflow};
    default:
      return {value, sample_state::valid};
  }
}

} // namespace

sample<std::uint32_t> cumulative_sample(std::uint32_t raw) noexcept {
  if (raw == cumulative_no_data)
    return {raw, sample_state::no_data};
  if (raw > cumulative_max)
    return {raw, sample_state::out_of_range};
  return {raw, sample_state::valid};
}

caf::expected<std::uint32_t> decode_coefficient(std::span<const std::uint8_t> edt) {
  if (edt.empty())
    return std::uint32_t{1}; // Get_SNA: the meter has no coefficient (spec §5, a real meter's `52 01 D3 00`)
  if (auto err = detail::expect_size(edt, 4, "coefficient"))
    return err;
  const auto value = detail::be32(edt, 0);
  if (value > 999'999)
    return detail::bad_value("coefficient", value);
  return value;
}

caf::expected<std::uint8_t> decode_effective_digits(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 1, "effective digits"))
    return err;
  if (edt[0] < 1 || edt[0] > 8)
    return detail::bad_value("effective digits", edt[0]);
  return edt[0];
}

std::optional<std::uint32_t> cumulative_advance(std::uint32_t previous, std::uint32_t current,
                                                std::uint8_t digits) noexcept {
  if (digits < 1 || digits > 8)
    return std::nullopt;
  std::uint32_t modulus = 1;
  for (std::uint8_t i = 0; i < digits; ++i)
    modulus *= 10;
  if (previous >= modulus || current >= modulus)
    return std::nullopt;
  return current >= previous ? current - previous : modulus - previous + current; // D7: wraps at 10^digits
}

caf::expected<std::uint8_t> decode_energy_unit(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 1, "energy unit"))
    return err;
  if (!kwh_per_count(edt[0]))
    return make_error(echonet_errc::unknown_unit, "E1 code " + std::to_string(edt[0]));
  return edt[0];
}

caf::expected<sample<std::uint32_t>> decode_cumulative_energy(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 4, "cumulative energy"))
    return err;
  return cumulative_sample(detail::be32(edt, 0));
}

caf::expected<std::uint8_t> decode_history1_day(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 1, "history 1 day"))
    return err;
  if (edt[0] > 99)
    return detail::bad_value("history 1 day", edt[0]);
  return edt[0];
}

caf::expected<property> history1_day_property(std::uint8_t days_back) {
  if (days_back > 99)
    return make_error(echonet_errc::bad_argument, "history 1 day " + std::to_string(days_back) + " (0…99)");
  return property{epc::history1_day, {days_back}};
}

caf::expected<sample<std::int32_t>> decode_instantaneous_power(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 4, "instantaneous power"))
    return err;
  const auto raw = detail::be32(edt, 0);
  const auto value = static_cast<std::int32_t>(raw);
  if (raw == 0x7FFFFFFE)
    return sample<std::int32_t>{value, sample_state::no_data};
  if (raw == 0x7FFFFFFF)
    return sample<std::int32_t>{value, sample_state::overflow};
  if (raw == 0x80000000)
    return sample<std::int32_t>{value, sample_state::underflow};
  return sample<std::int32_t>{value, sample_state::valid};
}

caf::expected<phase_currents> decode_instantaneous_currents(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 4, "instantaneous currents"))
    return err;
  return phase_currents{current_sample(detail::be16(edt, 0)), current_sample(detail::be16(edt, 2))};
}

caf::expected<fixed_time_energy> decode_fixed_time_energy(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 11, "fixed-time energy"))
    return err;
  auto at = read_date_time(edt, true);
  if (!at)
    return at.error();
  return fixed_time_energy{*at, cumulative_sample(detail::be32(edt, 7))};
}

} // namespace meterhub::echonet

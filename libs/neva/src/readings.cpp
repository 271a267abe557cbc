#include "meterhub/neva/registers.hpp"

#include <string>

#include "meterhub/neva/error.hpp"
#include "register_table.hpp"

namespace meterhub::neva {

namespace {

using detail::find_entry;

/// The decoder's error with the register put in front of its reason: "bad_format: 20.07.00*FF: not a decimal…".
caf::error name_register(const caf::error& err, register_address reg) {
  const auto code = static_cast<neva_errc>(err.code());
  std::string reason;
  const auto& context = err.context();
  if (context.size() == 1 && context.match_element<std::string>(0))
    reason = context.get_as<std::string>(0);
  const std::string prefix = std::string{to_string(code)} + ": ";
  if (reason.compare(0, prefix.size(), prefix) == 0)
    reason.erase(0, prefix.size());
  return make_error(code, to_string(reg) + ": " + reason);
}

/// The row for `reg` when its F is one the row answers to.
const detail::register_entry* find_with_f(register_address reg, model_family family) noexcept {
  const auto* row = find_entry(reg, family);
  return row != nullptr && detail::accepts(row->archive, reg.f) ? row : nullptr;
}

} // namespace

caf::expected<std::vector<reading>> to_readings(register_address reg, std::string_view reply, std::int64_t time_ms,
                                                const model_options& options) {
  const auto* row = find_entry(reg, options.family);
  if (row == nullptr)
    return make_error(neva_errc::unknown_register, to_string(reg) + ": not in the register table");
  if (!detail::accepts(row->archive, reg.f))
    return make_error(neva_errc::unknown_register, to_string(reg) + ": F is not an entry of " +
                                                       std::string{row->meaning});
  const std::uint32_t flags = is_archive(reg) ? static_cast<std::uint32_t>(flag::backfilled) : 0;
  auto out = row->convert(detail::conversion{*row, reg, time_ms, flags, options}, reply);
  if (!out)
    return name_register(out.error(), reg);
  return out;
}

std::vector<register_address> instantaneous_registers(model_family family) {
  std::vector<register_address> out;
  for (const auto& row : detail::register_table())
    if ((row.polled_by & detail::bit_of(family)) != 0)
      out.push_back(register_address::of(row.c(), row.d(), row.e()));
  return out;
}

std::optional<std::string_view> register_meaning(register_address reg, model_family family) {
  if (const auto* row = find_with_f(reg, family))
    return row->meaning;
  return std::nullopt;
}

bool is_archive(register_address reg) noexcept {
  const auto* row = find_with_f(reg, model_family::three_phase);
  return row != nullptr && row->archive != detail::f_range::current && reg.f != 0xFF;
}

} // namespace meterhub::neva

#include "meterhub/neva/ident.hpp"

#include "fields.hpp"
#include "meterhub/neva/error.hpp"

namespace meterhub::neva {

namespace {

constexpr std::string_view ident_prefix = "NEVAMT";
constexpr std::size_t model_size = 6; // "324.23": ident characters 6..11 (spec §2)

} // namespace

bool is_taipit_maker(std::string_view maker) noexcept {
  return maker.size() == 3 && maker[0] == 'T' && maker[1] == 'P' && (maker[2] == 'C' || maker[2] == 'c');
}

caf::expected<neva_ident> parse_neva_ident(std::string_view ident) {
  if (ident.substr(0, ident_prefix.size()) != ident_prefix || ident.size() < ident_prefix.size() + model_size)
    return detail::field_error(neva_errc::not_neva, "ident is not NEVAMT followed by a model:", ident);
  for (char c : ident)
    if (c <= 0x20 || c > 0x7E)
      return detail::field_error(neva_errc::not_neva, "ident has a byte that is not printable:", ident);
  return neva_ident{std::string{ident.substr(ident_prefix.size(), model_size)},
                    std::string{ident.substr(ident_prefix.size() + model_size)}};
}

std::optional<model_family> family_of(const neva_ident& id) noexcept {
  if (id.model.empty())
    return std::nullopt;
  switch (id.model.front()) {
    case '3':
      return model_family::three_phase;
    case '1':
      return model_family::single_phase;
    default:
      return std::nullopt;
  }
}

} // namespace meterhub::neva

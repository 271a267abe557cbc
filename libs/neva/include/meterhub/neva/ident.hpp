#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/neva/model.hpp"

/// The NEVA-specific reading of an IEC 62056-21 identification (spec §2). libs/iec61107 splits "/TPC5NEVAMT324.2303"
/// into maker "TPC", baud character '5' and ident "NEVAMT324.2303"; this header interprets the ident.
namespace meterhub::neva {

/// The manufacturer id Taipit meters send.
inline constexpr std::string_view taipit_maker = "TPC";

/// True for "TPC". The third letter is compared without case: IEC 62056-21 uses its case only to announce a
/// faster reaction time.
bool is_taipit_maker(std::string_view maker) noexcept;

/// Model and firmware of a NEVA identification: "NEVAMT324.2303" → model "324.23", firmware "03".
struct neva_ident {
  std::string model;    ///< the six characters after "NEVAMT"
  std::string firmware; ///< the rest, possibly empty (firmware or variant)

  friend bool operator==(const neva_ident&, const neva_ident&) = default;
};

/// Splits an ident that starts with "NEVAMT" and has at least six model characters; `not_neva` otherwise. The
/// manual prints "NEVA MT…" with a space; meters send none, and neither form is guessed at here.
caf::expected<neva_ident> parse_neva_ident(std::string_view ident);

/// The family a model number implies: MT3xx three-phase, MT1xx single-phase; nullopt for other numbers. The ident
/// does not tell whether a three-phase meter has reactive registers: that stays a per-device setting.
std::optional<model_family> family_of(const neva_ident& id) noexcept;

} // namespace meterhub::neva

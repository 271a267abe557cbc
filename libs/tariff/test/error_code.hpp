#pragma once

#include <optional>

#include <caf/expected.hpp>

#include "meterhub/tariff/error.hpp"

namespace meterhub::tariff::test {

/// The tariff error code of a failed result, nullopt for a success: lets a CHECK name the exact cause.
template <class T>
std::optional<tariff_errc> error_of(const caf::expected<T>& result) {
  if (result)
    return std::nullopt;
  return tariff_code(result.error());
}

inline std::optional<tariff_errc> error_of(const caf::error& err) {
  return tariff_code(err);
}

} // namespace meterhub::tariff::test

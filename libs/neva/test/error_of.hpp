#pragma once

#include <catch2/catch.hpp>
#include <caf/expected.hpp>

#include "meterhub/neva/error.hpp"

namespace meterhub::neva::test {

/// The neva_errc of a result that must be an error (the test fails when it is a value).
template <class T>
neva_errc error_of(const caf::expected<T>& result) {
  REQUIRE_FALSE(result);
  return static_cast<neva_errc>(result.error().code());
}

} // namespace meterhub::neva::test

#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "meterhub/echonet/error.hpp"

namespace meterhub::echonet::detail {

/// `bad_size` naming the property unless `edt` holds exactly `size` bytes (spec §6 sizes).
inline caf::error expect_size(std::span<const std::uint8_t> edt, std::size_t size, const char* what) {
  if (edt.size() == size)
    return {};
  return make_error(echonet_errc::bad_size, std::string{what} + " takes " + std::to_string(size) + " bytes, got " +
                                                std::to_string(edt.size()));
}

/// `bad_value` naming the property and the byte.
inline caf::error bad_value(const char* what, unsigned value) {
  return make_error(echonet_errc::bad_value, std::string{what} + " " + std::to_string(value));
}

} // namespace meterhub::echonet::detail

#pragma once

#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/iec61107/session.hpp"

// Shared by half_hours.cpp and half_hours_build.cpp.
namespace meterhub::iec61107_service::detail {

/// "0F8080" + two hex digits of `index`: a register's archive entry.
std::string indexed(const char* cde, int index);

/// The newest answer to `address` among the outcomes from index `from` on: its value, the meter's error, or an
/// error saying it was not read.
caf::expected<std::string> text_of(const std::vector<iec61107::request_outcome>& outcomes, std::size_t from,
                                   const std::string& address);

} // namespace meterhub::iec61107_service::detail

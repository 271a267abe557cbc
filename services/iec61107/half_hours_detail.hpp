#pragma once

#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/iec61107/session.hpp"

// Shared by half_hours.cpp and half_hours_build.cpp.
namespace meterhub::iec61107_service::detail {

/// The start-of-day registers of the day `days_ago` (0F.80.80*NN) and its load profile (63.01.00*NN).
std::string start_of_day(int days_ago);
std::string profile_of(int days_ago);
/// The start-of-month registers of the month `months_ago` (0F.08.80*NN).
std::string start_of_month(int months_ago);

/// The newest answer to `address` among the outcomes from index `from` on: its value, the meter's error, or an
/// error saying it was not read.
caf::expected<std::string> text_of(const std::vector<iec61107::request_outcome>& outcomes, std::size_t from,
                                   const std::string& address);

} // namespace meterhub::iec61107_service::detail

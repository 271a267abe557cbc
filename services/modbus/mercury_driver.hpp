#pragma once

#include <memory>

#include "device_driver.hpp"
#include "meterhub/mercury/request.hpp"

namespace meterhub::modbus_service {

/// The driver of a Mercury 23x meter on a shared line: keeps the channel open at level 1 across polls (re-opening
/// once when the meter closed it, spec §6), stamps each poll with the meter's own clock (and x:clock_drift), stops
/// asking for items the model refuses (status 1), and backfills outages from the power profile and the
/// start-of-day archives. Writes go through set_clock only, at level 2.
std::unique_ptr<device_driver> make_mercury_driver(const device_settings& device);

/// One Mercury request and its checked reply on the line: the reply's data bytes (empty for a status 0), the
/// meter's status as a `mercury_errc`, or the line's `modbus_errc` (timeout, io_error).
caf::expected<std::vector<std::uint8_t>> mercury_transact(modbus_link::link& line, std::uint8_t address,
                                                          const mercury::request& r);

} // namespace meterhub::modbus_service

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "energy_history.hpp"
#include "overrides.hpp"
#include "register_address.hpp"

/// One imitated NEVA MT324: its registers, its clock and its energy. Pure: the host's time comes in as an argument.
namespace meterhub::iec61107sim {

struct meter_settings {
  std::string network_address = "00000001"; ///< 60.01.01*FF and the sign-on address
  std::string password = "00000000";        ///< checked against P1
  std::uint64_t seed = 1;                   ///< the load, the noise, the serial number and the initial counters
  std::int64_t installed_day = 18262;       ///< counters start here (days since 1970; default 2020-01-01)
};

class simulated_meter {
public:
  /// A meter with `settings` and the overrides that apply to it (those for every meter or for its address).
  /// Fails with sim_errc::bad_configuration naming the register when a value cannot go into a stored register.
  static caf::expected<simulated_meter> make(const meter_settings& settings,
                                             const std::vector<register_override>& overrides);

  /// The value of a register at host time `host_now` (local seconds), or a sim_errc whose number is the error
  /// reply's code.
  caf::expected<std::string> read(register_address address, local_seconds host_now) const;

  /// Writes a register. A time or date write moves the meter's clock (the counters follow the meter's clock, so
  /// a jump moves them too); a tariff-table write re-splits energy from the meter's now on.
  caf::error write(register_address address, std::string_view value, local_seconds host_now);

  /// The address it answers sign-ons with: 60.01.01*FF, which a W1 may change.
  std::string network_address() const;
  /// What P1 must carry: 60.01.02*FF, which a W1 may change.
  std::string password() const;
  /// The meter's clock when the host's is `host_now`.
  local_seconds clock(local_seconds host_now) const noexcept { return host_now + clock_offset_; }
  /// Bit 1 of the configuration word 15.00.04: R1 allowed before the password.
  bool reads_without_password() const;
  /// The load and counters behind the energy registers, for tests.
  const energy_history& history() const noexcept { return history_; }

private:
  simulated_meter(std::uint64_t seed, std::map<register_address, std::string> stored,
                  std::map<register_address, std::string> fixed, energy_history history);
  /// The tariff tables as the stored registers say now; they were validated on the way in.
  tariff_calendar calendar() const;
  unsigned configuration_word() const;

  std::uint64_t seed_;
  std::int64_t clock_offset_ = 0;                   ///< meter clock − host clock, seconds
  std::map<register_address, std::string> stored_;  ///< the stored registers' values
  std::map<register_address, std::string> fixed_;   ///< overrides of computed registers and invented registers
  energy_history history_;
};

/// The tariff tables of a set of stored register values (missing tables read as factory ones).
tariff_calendar calendar_of(const std::map<register_address, std::string>& stored);

} // namespace meterhub::iec61107sim

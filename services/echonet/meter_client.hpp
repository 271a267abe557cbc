#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "history_plan.hpp"
#include "meterhub/core/reading.hpp"
#include "meterhub/echonet/frame.hpp"
#include "meterhub/echonet/scale.hpp"
#include "module_link.hpp"

/// The ECHONET Lite conversation with the meter behind a module: Gets of several EPCs (split at the meter's
/// limit), SetC, the open sequence, the clock, and the history reads. Used by the daemon's module actor and by the
/// one-shot commands alike.
namespace meterhub::echonet_service {

/// What the meter told about itself when the session opened.
struct meter_identity {
  echonet::meter_scale scale;
  std::optional<std::uint8_t> digits;  ///< D7: the register wraps at 10^digits
  std::string manufacturer;            ///< 8A as six hex digits
  std::string serial;                  ///< 8D
  std::string version;                 ///< 82, "K.1" / "R"
  std::set<std::uint8_t> gettable;     ///< 9F; empty when the meter refused the map (then everything is tried)
  bool has(std::uint8_t epc) const { return gettable.empty() || gettable.count(epc) > 0; }
};

class meter_client {
public:
  meter_client(module_link& link, const module_settings& cfg) : link_(link), cfg_(cfg) {}

  /// One Get of `epcs` (several requests when there are more than max_epcs), properties in request order; a
  /// refused property comes back with an empty EDT.
  caf::expected<std::vector<echonet::property>> get(std::span<const std::uint8_t> epcs);
  /// SetC of one property; `refused` when the meter answers SetC_SNA.
  caf::error set(echonet::property p);
  /// The open sequence: D3, E1, D7, 8A, 8D, 82 and 9F in one Get; `unknown_unit` when E1 is outside the table.
  caf::expected<meter_identity> identify();
  /// 97 + 98: the meter's clock, in UTC.
  caf::expected<meter_now> clock();
  /// One history read as backfilled readings (1.8.0 and 2.8.0), scaled with `id`'s scale.
  caf::expected<std::vector<reading>> history(const history_read& read, const meter_identity& id);

  /// The TID of the next request (MOM: from 1, one per request).
  std::uint16_t next_tid() noexcept { return ++tid_; }

private:
  caf::expected<echonet::frame> ask(const echonet::frame& request);
  module_link& link_;
  const module_settings& cfg_;
  std::uint16_t tid_ = 0;
};

/// The EDT of `epc` in `props`, empty when absent or refused.
std::span<const std::uint8_t> edt_of(const std::vector<echonet::property>& props, std::uint8_t epc);

} // namespace meterhub::echonet_service

#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "meterhub/core/reading.hpp"
#include "meterhub/iec61107/session.hpp"
#include "meterhub/neva/model.hpp"

/// One scheduled poll of a NEVA meter, without I/O: which registers to ask for, and what the answers mean. The
/// line actor runs the session; this part is unit-tested with made-up outcomes.
namespace meterhub::iec61107_service {

/// The meter's date and time registers, read first in every poll: the readings carry the meter's own clock.
inline constexpr const char* date_register = "000902FF";
inline constexpr const char* time_register = "000901FF";

/// Reads for one poll: date and time, then every instantaneous register of the family the meter has not refused
/// before (an error reply "(01)" means the model lacks the register; asking again every minute only costs time).
std::vector<iec61107::request> poll_requests(neva::model_family family, const std::set<std::string>& refused);

/// A register the meter could not give, and why.
struct register_failure {
  std::string address;
  std::string reason;
  bool refused = false; ///< the meter's error reply: not there on this model, do not ask again
};

/// What a poll produced.
struct poll_result {
  std::vector<reading> readings;
  std::vector<register_failure> failures;
  bool meter_clock = false;    ///< the readings carry the meter's clock (else the host's, flagged suspicious)
  std::int64_t time_ms = 0;    ///< the time the readings carry
};

/// Turns a poll's outcomes into readings. Their time is the meter's clock (date and time registers, local wall
/// time at `utc_offset`), as the platform's brief asks; the meter's clock minus `host_ms` is published as
/// x:clock_drift in seconds. When the clock could not be read, the host's time is used and every reading is
/// flagged suspicious.
poll_result interpret_poll(const std::vector<iec61107::request_outcome>& outcomes,
                           const neva::model_options& model, std::chrono::minutes utc_offset, std::int64_t host_ms);

} // namespace meterhub::iec61107_service

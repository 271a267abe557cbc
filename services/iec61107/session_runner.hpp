#pragma once

#include <functional>
#include <vector>

#include <caf/error.hpp>

#include "meterhub/iec61107/session.hpp"
#include "meterhub/transport/transport.hpp"

namespace meterhub::iec61107_service {

/// Called when a keep_open session has answered everything it was given: submit more requests, or close.
using idle_handler = std::function<std::vector<iec61107::action>(iec61107::session&)>;

/// The idle handler of a job in rounds (half_hour_job, archive_job): each time the keep_open session has answered
/// everything, the job's next round from the outcomes so far, until it has none and the session closes.
template <class Job>
idle_handler rounds_of(Job& job) {
  return [&job](iec61107::session& open) {
    auto more = job.next_round(open.outcomes());
    return more.empty() ? open.close() : open.submit(std::move(more));
  };
}

/// Carries out a session's actions on a line until the session finishes: writes, drains, pauses, rate changes,
/// and waits for the meter's bytes up to each receive deadline. Blocking: call it from a detached actor or a CLI.
/// Returns the line's error when the stream fails (the session is then left unfinished); the session's own
/// outcome is in the session.
caf::error run_session(transport::byte_stream& line, iec61107::session& s, const idle_handler& on_idle = {});

} // namespace meterhub::iec61107_service

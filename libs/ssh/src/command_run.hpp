#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <caf/expected.hpp>
#include <libssh/libssh.h>

#include "meterhub/ssh/connection.hpp"

namespace meterhub::ssh::detail {

/// One command to run: the fixed command line, what goes to its stdin, and how long the whole run may take.
struct run_request {
  const std::string& command;
  std::string_view input;
  std::chrono::milliseconds timeout;
};

/// Runs `req` on a new channel of `session`, which must be nonblocking and polled through `event`. `where` is
/// "user@host:port" for messages.
caf::expected<exec_result> run_command(ssh_session session, ssh_event event, const std::string& where,
                                       const run_request& req);

} // namespace meterhub::ssh::detail

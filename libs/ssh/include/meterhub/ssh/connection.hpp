#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/ssh/endpoint.hpp"
#include "meterhub/ssh/error.hpp"

/// An SSH client for running fixed commands on remote Linux boxes (the UM-40 injector feeds SQL to `sqlite3` on a
/// concentrator this way). Built on libssh; no libssh type shows here.
namespace meterhub::ssh {

/// What a remote command left behind.
struct exec_result {
  int exit_status = -1; ///< the command's exit status (0..255)
  std::string out;      ///< everything it wrote to stdout
  std::string err;      ///< everything it wrote to stderr
};

/// One authenticated SSH connection; commands run one at a time, each on its own channel. Not thread-safe: one
/// caller (a detached actor) owns it. No call waits longer than its timeout, so a dead or killed server never
/// hangs the caller; when the connection is gone, `alive()` turns false and the caller opens a new one.
class connection {
public:
  /// Connects, checks the server's host key under `ep.host_keys`, and logs in with the key and/or password.
  /// Every step is bounded by `ep.connect_timeout`.
  static caf::expected<std::unique_ptr<connection>> open(const endpoint& ep);

  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Runs `command` (a fixed command line from configuration, never built from data: the remote shell parses it)
  /// with `input` written to its stdin, then EOF, and collects stdout and stderr until it exits. Writing and
  /// reading interleave, so megabytes of input cannot deadlock against a command that answers while it reads.
  /// `timeout` bounds the whole run, channel setup included. On `timeout` the channel is closed, which closes the
  /// command's stdin, and SIGTERM is requested (sshd ignores that for root logins); the connection stays usable if
  /// the server still answers. A non-zero exit status is a result, not an error; `dropped` means no exit status
  /// came (the connection was lost, or the command was killed by a signal).
  caf::expected<exec_result> run(const std::string& command, std::string_view input,
                                 std::chrono::milliseconds timeout);

  /// False once the connection is known to be gone (callers then open a new one).
  bool alive() const;

  /// "user@host:port" for messages.
  std::string where() const;

private:
  struct state;
  explicit connection(std::unique_ptr<state> st);

  std::unique_ptr<state> state_;
};

} // namespace meterhub::ssh

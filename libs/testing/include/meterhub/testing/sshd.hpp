#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "meterhub/testing/process.hpp"

namespace meterhub::testing {

/// A real OpenSSH server (/usr/sbin/sshd) on a free 127.0.0.1 port, with its own ed25519 host key and an ed25519
/// client key pair made at construction in its folder, so SSH clients are tested against what they meet in the
/// field. Logins are for the user running the tests (root here): the client key is authorized, and passwords are
/// checked by the server (and fail, since that account has no usable password). Throws std::runtime_error when
/// it cannot start.
class sshd_server {
public:
  explicit sshd_server(const std::filesystem::path& dir);
  ~sshd_server();
  sshd_server(const sshd_server&) = delete;
  sshd_server& operator=(const sshd_server&) = delete;

  int port() const noexcept { return port_; }
  /// The account to log in as: the user running the tests.
  const std::string& user() const noexcept { return user_; }
  /// The private key whose public half is in authorized_keys.
  const std::filesystem::path& client_key() const noexcept { return client_key_; }
  /// A second private key the server does not know, for "wrong key" cases.
  const std::filesystem::path& other_client_key() const noexcept { return other_client_key_; }
  /// A known_hosts file listing this server's host key as "[127.0.0.1]:PORT ssh-ed25519 AAAA…".
  const std::filesystem::path& known_hosts() const noexcept { return known_hosts_; }
  /// The host key as known_hosts lists it after the name: "ssh-ed25519 AAAA…".
  const std::string& host_key() const noexcept { return host_key_; }

  /// Writes a known_hosts file at `path` naming this server with its real host key or, when `wrong_key`, with
  /// another ed25519 key (what a client sees after the box was reinstalled, or with someone in between).
  void write_known_hosts(const std::filesystem::path& path, bool wrong_key) const;

  /// SIGKILLs every process the server forked for connections and everything they started (the running commands),
  /// found through the parent chain in /proc and killed by PID, parents first: a connection that dies mid-command.
  /// Returns how many processes were killed. The listener keeps running.
  int kill_sessions();

  /// True while a process named `comm` (as /proc/PID/stat shows it, e.g. "sleep") runs under this server.
  bool runs(const std::string& comm) const;

  /// Starts (again) on the same port and waits until it accepts connections.
  void start();
  /// Kills the connections' processes, then stops the listener: a server that went down.
  void stop();
  bool running() const noexcept { return proc_ != nullptr; }

  /// The server's log (sshd -e writes to stderr), for test failure messages.
  std::string log() const;

private:
  std::filesystem::path dir_;
  int port_;
  std::string user_;
  std::filesystem::path client_key_;
  std::filesystem::path other_client_key_;
  std::filesystem::path known_hosts_;
  std::string host_key_;
  std::string other_host_key_;
  std::unique_ptr<process> proc_;
  int generation_ = 0;
};

/// Every process whose parent chain leads to `root` (not `root` itself), parents before their children; zombies
/// and exiting processes are left out.
std::vector<pid_t> descendants_of(pid_t root);

} // namespace meterhub::testing

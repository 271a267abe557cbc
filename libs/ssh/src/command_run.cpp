#include "command_run.hpp"

#include <algorithm>

#include <libssh/callbacks.h>

#include "handles.hpp"
#include "meterhub/ssh/error.hpp"

namespace meterhub::ssh::detail {

namespace {

using clock = std::chrono::steady_clock;

/// Bytes handed to libssh per write; the remote window (OpenSSH: 2 MiB) bounds what is in flight anyway.
constexpr std::size_t write_chunk = 64 * 1024;

/// One command on its own channel: set up, stdin fed, stdout and stderr drained, the exit awaited, all before one
/// deadline and all nonblocking, so neither a full window nor a silent server can stall it. libssh reports the
/// exit status, an exit signal and the server's close through callbacks into this object.
class command_run {
public:
  command_run(ssh_session session, ssh_event event, const std::string& where, const run_request& req)
    : session_(session), event_(event), where_(where), req_(req), deadline_(clock::now() + req.timeout),
      input_(req.input) {
    ssh_callbacks_init(&callbacks_);
    callbacks_.userdata = this;
    callbacks_.channel_close_function = on_close;
    callbacks_.channel_exit_status_function = on_exit_status;
    callbacks_.channel_exit_signal_function = on_exit_signal;
  }
  ~command_run();
  command_run(const command_run&) = delete;
  command_run& operator=(const command_run&) = delete;

  caf::error start();
  caf::expected<exec_result> exchange();

private:
  template <class Step>
  caf::error until_done(Step step, const char* what);
  caf::error pump_input();
  caf::error drain(int is_stderr);
  bool finished() const { return out_eof_ && err_eof_ && (status_seen_ || closed_by_server_); }
  void wait_for_traffic();
  caf::error lost() const;
  caf::error refused(const char* what) const;
  caf::error expired() const;

  static void on_close(ssh_session, ssh_channel, void* self);
  static void on_exit_status(ssh_session, ssh_channel, int status, void* self);
  static void on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*, void* self);

  ssh_session session_;
  ssh_event event_;
  const std::string& where_;
  const run_request& req_;
  clock::time_point deadline_;
  ssh_channel channel_ = nullptr;
  ssh_channel_callbacks_struct callbacks_{};
  std::string_view input_;
  bool input_closed_ = false;
  bool out_eof_ = false;
  bool err_eof_ = false;
  bool status_seen_ = false;
  bool closed_by_server_ = false;
  std::string exit_signal_;
  exec_result result_;
};

command_run::~command_run() {
  if (channel_ == nullptr)
    return;
  ssh_remove_channel_callbacks(channel_, &callbacks_);
  if (ssh_channel_is_open(channel_) != 0 && !session_broken(session_)) {
    // Given up (timeout): the command gets SIGTERM where sshd honours "signal" requests (OpenSSH 7.9 and later, but
    // not for root logins, which run without privilege separation), and closing the channel closes its stdin, so
    // sqlite3 sees the end of its input and rolls back an unfinished transaction.
    if (!status_seen_ && !closed_by_server_)
      ssh_channel_request_send_signal(channel_, "TERM");
    ssh_channel_close(channel_);
  }
  ssh_channel_free(channel_); // libssh keeps it until the server's close arrives
}

void command_run::on_close(ssh_session, ssh_channel, void* self) {
  static_cast<command_run*>(self)->closed_by_server_ = true;
}

void command_run::on_exit_status(ssh_session, ssh_channel, int status, void* self) {
  auto* run = static_cast<command_run*>(self);
  run->status_seen_ = true;
  run->result_.exit_status = status;
}

void command_run::on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*,
                                 void* self) {
  static_cast<command_run*>(self)->exit_signal_ = signal != nullptr ? signal : "?";
}

caf::error command_run::lost() const {
  return make_error(ssh_errc::dropped, where_ + ": connection lost while running '" + req_.command +
                                         "': " + last_error(session_));
}

/// A failed channel step: the server said no (channel_failed), or the connection is gone (dropped).
caf::error command_run::refused(const char* what) const {
  if (session_broken(session_))
    return lost();
  return make_error(ssh_errc::channel_failed,
                    where_ + ": " + what + " for '" + req_.command + "': " + last_error(session_));
}

caf::error command_run::expired() const {
  return make_error(ssh_errc::timeout, "'" + req_.command + "' did not finish within " +
                                         std::to_string(req_.timeout.count()) + " ms on " + where_);
}

/// Lets libssh read and write the socket until something arrives or 50 ms pass (flags set by callbacks and a
/// grown window are looked at between rounds), never past the deadline.
void command_run::wait_for_traffic() {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - clock::now()).count();
  ssh_event_dopoll(event_, static_cast<int>(std::clamp<long long>(left, 0, 50)));
}

/// Repeats a nonblocking libssh call that answers SSH_AGAIN until it is done or the deadline passes.
template <class Step>
caf::error command_run::until_done(Step step, const char* what) {
  for (;;) {
    const int rc = step();
    if (rc == SSH_OK)
      return {};
    if (rc != SSH_AGAIN || session_broken(session_))
      return refused(what);
    if (clock::now() >= deadline_)
      return expired();
    wait_for_traffic();
  }
}

caf::error command_run::start() {
  channel_ = ssh_channel_new(session_);
  if (channel_ == nullptr)
    return refused("cannot create a channel");
  ssh_set_channel_callbacks(channel_, &callbacks_);
  if (auto err = until_done([this] { return ssh_channel_open_session(channel_); }, "the server refused a channel"))
    return err;
  return until_done([this] { return ssh_channel_request_exec(channel_, req_.command.c_str()); },
                    "the server refused to run the command");
}

/// Writes as much input as the remote window takes, then EOF. A command that ends without reading everything
/// (sqlite3 -bail after an error) closes the channel: the rest of the input is dropped, and its exit status tells.
caf::error command_run::pump_input() {
  while (!input_closed_ && !input_.empty() && !closed_by_server_) {
    const auto room = std::min<std::size_t>({input_.size(), ssh_channel_window_size(channel_), write_chunk});
    if (room == 0)
      return {};
    const int n = ssh_channel_write(channel_, input_.data(), static_cast<std::uint32_t>(room));
    if (n < 0 && session_broken(session_))
      return lost();
    if (n < 0)
      input_closed_ = true;
    if (n <= 0)
      return {};
    input_.remove_prefix(static_cast<std::size_t>(n));
  }
  if (!input_closed_ && !closed_by_server_) {
    if (ssh_channel_send_eof(channel_) == SSH_ERROR && session_broken(session_))
      return lost();
    input_closed_ = true;
  }
  return {};
}

caf::error command_run::drain(int is_stderr) {
  bool& eof = is_stderr != 0 ? err_eof_ : out_eof_;
  std::string& sink = is_stderr != 0 ? result_.err : result_.out;
  char buffer[32 * 1024];
  while (!eof) {
    const int n = ssh_channel_read_nonblocking(channel_, buffer, sizeof buffer, is_stderr);
    if (n > 0)
      sink.append(buffer, static_cast<std::size_t>(n));
    else if (n == SSH_EOF)
      eof = true;
    else if (n == 0)
      return {};
    else
      return lost();
  }
  return {};
}

caf::expected<exec_result> command_run::exchange() {
  for (;;) {
    if (auto err = pump_input())
      return err;
    if (auto err = drain(0))
      return err;
    if (auto err = drain(1))
      return err;
    if (finished())
      break;
    if (session_broken(session_))
      return lost();
    if (clock::now() >= deadline_)
      return expired();
    wait_for_traffic();
  }
  if (!status_seen_)
    return make_error(ssh_errc::dropped,
                      where_ + ": '" + req_.command + "' ended without an exit status" +
                        (exit_signal_.empty() ? std::string{} : " (killed by signal " + exit_signal_ + ")"));
  return std::move(result_);
}

} // namespace

caf::expected<exec_result> run_command(ssh_session session, ssh_event event, const std::string& where,
                                       const run_request& req) {
  command_run run{session, event, where, req};
  if (auto err = run.start())
    return err;
  return run.exchange();
}

} // namespace meterhub::ssh::detail

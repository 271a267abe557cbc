#include <algorithm>
#include <thread>

#include "meterhub/ssh/connection.hpp"
#include "meterhub/um40/error.hpp"
#include "meterhub/um40/target.hpp"

namespace meterhub::um40 {

namespace {

bool plain_word(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '/' || c == '+' || c == '-';
  });
}

std::string first_line(const std::string& text) {
  auto end = text.find('\n');
  return text.substr(0, std::min<std::size_t>(end, 300));
}

/// The sqlite3 shell on a concentrator. Each batch is one script on stdin in one transaction; a batch whose end is
/// unclear (the link dropped, no commit marker) is sent again on a new connection: its statements are idempotent.
class ssh_target : public target {
public:
  ssh_target(ssh_target_settings s, std::string command) : s_(std::move(s)), command_(std::move(command)) {}

  caf::error write(const std::vector<statement>& batch) override {
    auto script = write_script(batch);
    if (!script)
      return script.error();
    auto out = run_with_retries(*script, true);
    return out ? caf::error{} : out.error();
  }

  caf::expected<std::vector<row>> query(const statement& q, std::size_t columns) override {
    auto script = query_script(q);
    if (!script)
      return script.error();
    auto out = run_with_retries(*script, false);
    if (!out)
      return out.error();
    return parse_rows(*out, columns);
  }

  std::string where() const override { return "ssh " + ssh::where(s_.endpoint) + " " + s_.database; }

private:
  caf::expected<std::string> run_once(const std::string& script, bool needs_commit) {
    if (!conn_ || !conn_->alive()) {
      conn_.reset();
      auto c = ssh::connection::open(s_.endpoint);
      if (!c)
        return c.error();
      conn_ = std::move(*c);
    }
    auto result = conn_->run(command_, script, s_.timeout);
    if (!result)
      return result.error();
    if (result->exit_status != 0)
      return make_error(um40_errc::database, where() + ": sqlite3 exited with " +
                                                 std::to_string(result->exit_status) + ": " + first_line(result->err));
    if (needs_commit && !committed(result->out))
      return make_error(ssh::ssh_errc::dropped, where() + ": the batch ended without its commit marker");
    return std::move(result->out);
  }

  caf::expected<std::string> run_with_retries(const std::string& script, bool needs_commit) {
    auto pause = s_.retry_pause;
    for (int attempt = 1;; ++attempt) {
      auto out = run_once(script, needs_commit);
      if (out || attempt >= s_.attempts || !retryable(out.error()))
        return out;
      conn_.reset();
      std::this_thread::sleep_for(pause);
      pause *= 2;
    }
  }

  /// Errors a new try may cure: a lost link, and a database the concentrator's poller held past .timeout. Host
  /// keys, logins and settings do not heal by themselves.
  static bool retryable(const caf::error& err) {
    using ssh::ssh_errc;
    for (auto code : {ssh_errc::connect_failed, ssh_errc::channel_failed, ssh_errc::dropped, ssh_errc::timeout})
      if (err == code)
        return true;
    return err == um40_errc::database && describe(err).find("database is locked") != std::string::npos;
  }

  ssh_target_settings s_;
  std::string command_;
  std::unique_ptr<ssh::connection> conn_;
};

} // namespace

caf::expected<std::string> shell_command(const ssh_target_settings& s) {
  if (!plain_word(s.sqlite3))
    return make_error(um40_errc::bad_value, "the sqlite3 program name may hold only letters, digits and _ . / + -");
  if (!plain_word(s.database))
    return make_error(um40_errc::bad_value, "the database path may hold only letters, digits and _ . / + -");
  return std::string{s.sudo ? "sudo -n " : ""} + s.sqlite3 + " -batch -bail '" + s.database + "'";
}

caf::expected<std::unique_ptr<target>> open_ssh(const ssh_target_settings& s) {
  if (auto err = ssh::validate(s.endpoint))
    return err;
  auto command = shell_command(s);
  if (!command)
    return command.error();
  if (s.attempts < 1 || s.timeout.count() <= 0)
    return make_error(um40_errc::bad_value, "attempts must be at least 1 and the timeout positive");
  return std::unique_ptr<target>{std::make_unique<ssh_target>(s, std::move(*command))};
}

} // namespace meterhub::um40

#include "meterhub/ssh/connection.hpp"

#include "authentication.hpp"
#include "command_run.hpp"
#include "handles.hpp"
#include "host_key_check.hpp"

namespace meterhub::ssh {

using namespace detail;

/// The session (nonblocking once logged in) and the event that polls it during runs.
struct connection::state {
  session_ptr session;
  ssh_event event = nullptr;
  std::string where;

  ~state() {
    if (event != nullptr) {
      ssh_event_remove_session(event, session.get());
      ssh_event_free(event);
    }
  }
};

namespace {

/// Options for one session; ~/.ssh/config stays out so that what the settings say is what happens.
caf::error configure(ssh_session session, const endpoint& ep) {
  const auto known_hosts = known_hosts_path(ep).string();
  const int port = ep.port;
  const bool no = false;
  const int strict = 1; // libssh's own fallback would take an unknown host as known when this is 0
  const int nodelay = 1; // without it Nagle's algorithm and delayed ACKs hold every small request for ~40 ms
  const long seconds = static_cast<long>(ep.connect_timeout.count() / 1000);
  const long micros = static_cast<long>(ep.connect_timeout.count() % 1000 * 1000);
  if (ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &no) != SSH_OK ||
      ssh_options_set(session, SSH_OPTIONS_HOST, ep.host.c_str()) != SSH_OK ||
      ssh_options_set(session, SSH_OPTIONS_PORT, &port) != SSH_OK ||
      ssh_options_set(session, SSH_OPTIONS_USER, ep.user.c_str()) != SSH_OK ||
      ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, known_hosts.c_str()) != SSH_OK ||
      ssh_options_set(session, SSH_OPTIONS_STRICTHOSTKEYCHECK, &strict) != SSH_OK ||
      ssh_options_set(session, SSH_OPTIONS_NODELAY, &nodelay) != SSH_OK ||
      ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &seconds) != SSH_OK ||
      ssh_options_set(session, SSH_OPTIONS_TIMEOUT_USEC, &micros) != SSH_OK)
    return make_error(ssh_errc::bad_settings, "libssh refused the settings for " + where(ep) + ": " +
                                                last_error(session));
  return {};
}

/// A connected session whose host key passed the check; authentication is next.
caf::expected<session_ptr> connect(const endpoint& ep) {
  session_ptr session{ssh_new()};
  if (!session)
    return make_error(ssh_errc::connect_failed, where(ep) + ": libssh cannot create a session");
  if (auto err = configure(session.get(), ep))
    return err;
  if (ssh_connect(session.get()) != SSH_OK)
    return make_error(ssh_errc::connect_failed,
                      ep.host + ":" + std::to_string(ep.port) + ": " + last_error(session.get()));
  if (auto err = check_host_key(session.get(), ep))
    return err;
  return session;
}

} // namespace

connection::connection(std::unique_ptr<state> st) : state_(std::move(st)) {
}

connection::~connection() = default;

caf::expected<std::unique_ptr<connection>> connection::open(const endpoint& ep) {
  if (auto err = validate(ep))
    return err;
  key_ptr key;
  if (!ep.identity_file.empty()) {
    auto loaded = load_identity(ep.identity_file);
    if (!loaded)
      return std::move(loaded.error());
    key = std::move(*loaded);
  }
  auto session = connect(ep);
  if (!session)
    return std::move(session.error());
  if (auto err = authenticate(session->get(), ep, key.get()))
    return err;
  auto st = std::make_unique<state>();
  st->session = std::move(*session);
  st->where = ssh::where(ep);
  st->event = ssh_event_new();
  ssh_set_blocking(st->session.get(), 0);
  if (st->event == nullptr || ssh_event_add_session(st->event, st->session.get()) != SSH_OK)
    return make_error(ssh_errc::connect_failed, st->where + ": libssh cannot poll the session");
  return std::unique_ptr<connection>{new connection(std::move(st))};
}

caf::expected<exec_result> connection::run(const std::string& command, std::string_view input,
                                           std::chrono::milliseconds timeout) {
  if (command.empty())
    return make_error(ssh_errc::bad_settings, "empty command for " + state_->where);
  if (timeout.count() <= 0)
    return make_error(ssh_errc::bad_settings, "timeout must be positive for '" + command + "'");
  if (!alive())
    return make_error(ssh_errc::dropped, state_->where + ": the connection is gone; open a new one");
  return run_command(state_->session.get(), state_->event, state_->where, run_request{command, input, timeout});
}

bool connection::alive() const {
  return !session_broken(state_->session.get());
}

std::string connection::where() const {
  return state_->where;
}

} // namespace meterhub::ssh

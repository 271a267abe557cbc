// Starting the server: its settings checked, the listening socket opened through libmodbus, the thread started.
#include "meterhub/modbus_export/server.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <modbus.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "meterhub/modbus_export/error.hpp"
#include "server_impl.hpp"

namespace meterhub::modbus_export {

namespace {

caf::error io_failure(const std::string& what, int err) {
  return make_error(export_errc::io_error, what + ": " + std::strerror(err));
}

caf::error check_settings(const server_settings& s) {
  if (s.bind_address.empty())
    return make_error(export_errc::bad_settings, "listen: names no address (\"0.0.0.0\" or \"::\" for every one)");
  if (s.max_clients < 1)
    return make_error(export_errc::bad_settings, "max_clients: must be at least 1");
  if (s.frame_timeout.count() <= 0)
    return make_error(export_errc::bad_settings, "frame_timeout: must be more than 0");
  if (s.idle_timeout.count() < 0)
    return make_error(export_errc::bad_settings, "idle_timeout: must not be negative (0: never)");
  return {};
}

std::uint16_t bound_port(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    return 0;
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
}

/// The listening socket through libmodbus (getaddrinfo: names, IPv4 and IPv6), made non-blocking and
/// close-on-exec, which modbus_tcp_pi_listen does not do.
caf::error listen_on(server::impl& s) {
  const auto where = s.settings.bind_address + ":" + std::to_string(s.settings.port);
  s.ctx = modbus_new_tcp_pi(s.settings.bind_address.c_str(), std::to_string(s.settings.port).c_str());
  if (s.ctx == nullptr)
    return io_failure(where, errno);
  s.listen_fd = modbus_tcp_pi_listen(s.ctx, s.settings.backlog);
  if (s.listen_fd < 0)
    return io_failure("cannot listen on " + where, errno);
  if (::fcntl(s.listen_fd, F_SETFL, ::fcntl(s.listen_fd, F_GETFL) | O_NONBLOCK) != 0
      || ::fcntl(s.listen_fd, F_SETFD, FD_CLOEXEC) != 0)
    return io_failure("listening socket", errno);
  s.port = bound_port(s.listen_fd);
  return {};
}

} // namespace

server_stats server_counters::snapshot() const noexcept {
  auto get = [](const std::atomic<std::uint64_t>& c) { return c.load(std::memory_order_relaxed); };
  server_stats out;
  out.requests = get(requests);
  out.reads = get(reads);
  out.writes = get(writes);
  for (std::size_t i = 0; i < exceptions.size(); ++i)
    out.exceptions[i] = get(exceptions[i]);
  out.malformed = get(malformed);
  out.clients = get(clients);
  out.accepted = get(accepted);
  out.refused_not_allowed = get(refused_not_allowed);
  out.refused_limit = get(refused_limit);
  out.closed_idle = get(closed_idle);
  out.send_failures = get(send_failures);
  return out;
}

caf::expected<std::unique_ptr<server>> server::start(server_settings settings, std::shared_ptr<shared_image> image,
                                                     write_handler on_write) {
  if (auto err = check_settings(settings))
    return err;
  if (!image)
    return make_error(export_errc::bad_settings, "no register image to serve");
  auto allowed = allowlist::parse(settings.allow);
  if (!allowed)
    return allowed.error();
  auto state = std::make_unique<impl>();
  state->settings = std::move(settings);
  state->allowed = std::move(*allowed);
  state->layout = image->layout();
  state->image = std::move(image);
  state->on_write = std::move(on_write);
  if (::pipe2(state->wake.data(), O_CLOEXEC | O_NONBLOCK) != 0)
    return io_failure("self-pipe", errno);
  if (auto err = listen_on(*state))
    return err;
  try {
    state->thread = std::thread{[s = state.get()] { s->run(); }};
  } catch (const std::system_error& e) {
    return make_error(export_errc::io_error, std::string{"server thread: "} + e.what());
  }
  return std::unique_ptr<server>{new server{std::move(state)}};
}

server::server(std::unique_ptr<impl> state) : impl_(std::move(state)) {}

server::~server() {
  stop();
}

std::uint16_t server::port() const noexcept {
  return impl_->port;
}

server_stats server::stats() const noexcept {
  return impl_->counters.snapshot();
}

void server::stop() noexcept {
  impl_->stop();
}

} // namespace meterhub::modbus_export

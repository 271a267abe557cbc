// Listening, the poll loop over every client, accepting under the allowlist and the limit, and stopping.
#include "meterhub/modbus_export/server.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <modbus.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "meterhub/modbus_export/error.hpp"
#include "server_impl.hpp"

namespace meterhub::modbus_export {

namespace {

using namespace std::chrono;

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

server::impl::~impl() {
  for (auto& c : clients)
    close_connection(c);
  if (listen_fd >= 0)
    ::close(listen_fd);
  for (int fd : wake)
    if (fd >= 0)
      ::close(fd);
  if (ctx != nullptr) {
    modbus_set_socket(ctx, -1); // the client sockets are ours to close, not libmodbus's
    modbus_free(ctx);
  }
}

void server::impl::close_connection(connection& c) noexcept {
  if (c.fd >= 0)
    ::close(c.fd);
  c.fd = -1;
}

void server::impl::admit(int fd, std::span<const std::uint8_t> address) {
  if (!allowed.admits(address)) {
    server_counters::bump(counters.refused_not_allowed);
    ::close(fd);
    return;
  }
  if (clients.size() >= settings.max_clients) {
    server_counters::bump(counters.refused_limit);
    ::close(fd);
    return;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // answers are small; no Nagle delay
  const auto now = clock_type::now();
  clients.push_back({fd, {}, now, now});
  server_counters::bump(counters.accepted);
  counters.clients.store(clients.size(), std::memory_order_relaxed);
}

void server::impl::accept_waiting() {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      // Out of descriptors: the connection stays queued and the socket readable; pause accepting rather than spin.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
        accept_paused_until = clock_type::now() + milliseconds{100};
      return; // EAGAIN: none left; ECONNABORTED and the like: that client is gone
    }
    if (peer.ss_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(&peer);
      admit(fd, std::span<const std::uint8_t>{a->sin6_addr.s6_addr, 16});
    } else {
      const auto* a = reinterpret_cast<const sockaddr_in*>(&peer);
      admit(fd, std::span{reinterpret_cast<const std::uint8_t*>(&a->sin_addr.s_addr), 4});
    }
  }
}

void server::impl::expire(clock_type::time_point now) {
  for (auto& c : clients) {
    const bool idle = settings.idle_timeout.count() > 0 && now - c.last_request >= settings.idle_timeout;
    const bool stuck = !c.pending.empty() && now - c.partial_since >= settings.frame_timeout;
    if (idle || stuck) {
      server_counters::bump(counters.closed_idle);
      close_connection(c);
    }
  }
}

int server::impl::poll_timeout_ms(clock_type::time_point now) const {
  auto next = clock_type::time_point::max();
  for (const auto& c : clients) {
    if (settings.idle_timeout.count() > 0)
      next = std::min(next, c.last_request + settings.idle_timeout);
    if (!c.pending.empty())
      next = std::min(next, c.partial_since + settings.frame_timeout);
  }
  if (accept_paused_until > now)
    next = std::min(next, accept_paused_until);
  if (next == clock_type::time_point::max())
    return -1;
  return static_cast<int>(std::clamp<std::int64_t>(duration_cast<milliseconds>(next - now).count() + 1, 0, 60'000));
}

void server::impl::run() {
  std::vector<pollfd> fds;
  for (;;) {
    const auto before = clock_type::now();
    fds.assign({{wake[0], POLLIN, 0}, {before >= accept_paused_until ? listen_fd : -1, POLLIN, 0}});
    for (const auto& c : clients)
      fds.push_back({c.fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), poll_timeout_ms(before)) < 0) {
      if (errno == EINTR)
        continue;
      return; // poll itself failing (EFAULT, EINVAL) is no state to serve in
    }
    if (fds[0].revents != 0)
      return;
    for (std::size_t i = 0; i < clients.size(); ++i)
      if ((fds[i + 2].revents & (POLLIN | POLLHUP | POLLERR)) != 0 && !serve(clients[i]))
        close_connection(clients[i]);
    expire(clock_type::now());
    std::erase_if(clients, [](const connection& c) { return c.fd < 0; });
    if ((fds[1].revents & POLLIN) != 0)
      accept_waiting();
    counters.clients.store(clients.size(), std::memory_order_relaxed);
  }
}

void server::impl::stop() noexcept {
  std::lock_guard<std::mutex> guard{stop_mutex};
  if (stopped)
    return;
  stopped = true;
  const char byte = 1;
  while (::write(wake[1], &byte, 1) < 0 && errno == EINTR) {
  }
  if (thread.joinable())
    thread.join();
  for (auto& c : clients)
    close_connection(c);
  clients.clear();
  counters.clients.store(0, std::memory_order_relaxed);
}

caf::expected<std::unique_ptr<server>> server::start(server_settings settings, std::shared_ptr<shared_image> image,
                                                     write_handler on_write) {
  if (auto err = check_settings(settings))
    return err;
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

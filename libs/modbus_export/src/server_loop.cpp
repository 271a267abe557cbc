// The server thread: the poll loop over the listening socket and every client, accepting under the allowlist and
// the connection limit, the idle and frame deadlines, and stopping through the self-pipe.
#include <algorithm>
#include <cerrno>

#include <modbus.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server_impl.hpp"

namespace meterhub::modbus_export {

using namespace std::chrono;

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
  if (listen_fd >= 0)
    ::close(listen_fd); // new clients are refused from now on, not left in the backlog
  listen_fd = -1;
}

} // namespace meterhub::modbus_export

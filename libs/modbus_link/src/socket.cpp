#include "meterhub/modbus_link/socket.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "meterhub/modbus/error.hpp"

namespace meterhub::modbus_link {

namespace {

using namespace std::chrono;
using modbus::modbus_errc;

caf::error io_failure(const std::string& what, int err) {
  return make_error(modbus_errc::io_error, what + ": " + std::strerror(err));
}

int wait_for(int fd, short events, milliseconds timeout) {
  pollfd p{fd, events, 0};
  int rc;
  do
    rc = ::poll(&p, 1, static_cast<int>(std::max<milliseconds::rep>(0, timeout.count())));
  while (rc < 0 && errno == EINTR);
  return rc;
}

/// One non-blocking connect attempt to one resolved address; the descriptor or -1 with errno set.
int try_connect(const addrinfo* ai, milliseconds timeout) {
  int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
  if (fd < 0)
    return -1;
  if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
    const int err = errno;
    ::close(fd);
    errno = err;
    return -1;
  }
  int err = 0;
  socklen_t len = sizeof err;
  if (wait_for(fd, POLLOUT, timeout) <= 0)
    err = ETIMEDOUT;
  else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
    err = errno;
  if (err != 0) {
    ::close(fd);
    errno = err;
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK); // libmodbus reads and writes blocking after select
  return fd;
}

} // namespace

caf::expected<int> connect_socket(const std::string& host, std::uint16_t port, milliseconds timeout) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const auto where = host + ":" + std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
    return make_error(modbus_errc::io_error, where + ": " + ::gai_strerror(rc));
  int fd = -1, err = 0;
  for (auto* ai = found; ai && fd < 0; ai = ai->ai_next) {
    fd = try_connect(ai, timeout);
    err = errno;
  }
  ::freeaddrinfo(found);
  if (fd < 0)
    return io_failure(where, err);
  return fd;
}

void drain_socket(int fd) {
  char sink[512];
  while (wait_for(fd, POLLIN, milliseconds{0}) > 0)
    if (::recv(fd, sink, sizeof sink, MSG_DONTWAIT) <= 0)
      break;
}

caf::error write_fully(int fd, std::string_view bytes, milliseconds timeout) {
  const auto deadline = steady_clock::now() + timeout;
  while (!bytes.empty()) {
    const auto left = duration_cast<milliseconds>(deadline - steady_clock::now());
    if (wait_for(fd, POLLOUT, left) <= 0)
      return make_error(modbus_errc::io_error, "write: the line did not take the frame in time");
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno != EINTR && errno != EAGAIN)
      return io_failure("write", errno);
    if (n > 0)
      bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

caf::expected<std::string> read_reply(int fd, std::size_t expected, std::size_t min_reply, milliseconds timeout,
                                      milliseconds gap) {
  std::string out;
  const auto deadline = steady_clock::now() + timeout;
  while (out.size() < expected) {
    auto wait = duration_cast<milliseconds>(deadline - steady_clock::now());
    if (out.size() >= min_reply && !out.empty())
      wait = std::min(wait, gap);
    if (wait.count() <= 0 || wait_for(fd, POLLIN, wait) <= 0)
      break;
    char buf[256];
    const auto n = ::read(fd, buf, std::min(sizeof buf, expected - out.size()));
    if (n == 0)
      return make_error(modbus_errc::io_error, "read: the peer closed the connection");
    if (n < 0 && errno != EINTR && errno != EAGAIN)
      return io_failure("read", errno);
    if (n > 0)
      out.append(buf, static_cast<std::size_t>(n));
  }
  if (out.empty())
    return make_error(modbus_errc::timeout, "no answer within " + std::to_string(timeout.count()) + " ms");
  return out;
}

} // namespace meterhub::modbus_link

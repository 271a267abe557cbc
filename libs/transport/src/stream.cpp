#include <cerrno>
#include <cstring>

#include <poll.h>
#include <unistd.h>

#include "meterhub/transport/transport.hpp"

namespace meterhub::transport {

const char* to_string(transport_errc code) noexcept {
  switch (code) {
    case transport_errc::cannot_open:
      return "cannot_open";
    case transport_errc::bad_settings:
      return "bad_settings";
    case transport_errc::closed:
      return "closed";
    case transport_errc::io_error:
      return "io_error";
    case transport_errc::timeout:
      return "timeout";
  }
  return "unknown";
}

byte_stream::~byte_stream() {
  close();
}

caf::error byte_stream::set_baud(unsigned) {
  return {};
}

caf::error byte_stream::drain() {
  return {};
}

void byte_stream::close() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
}

namespace {

/// Waits for `events` on fd; 0 = timeout, <0 = error (errno set), >0 = ready.
int wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  for (;;) {
    int rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc < 0 && errno == EINTR)
      continue;
    return rc;
  }
}

} // namespace

caf::expected<std::size_t> byte_stream::read_some(std::span<char> buffer, std::chrono::milliseconds timeout) {
  if (fd_ < 0)
    return make_error(transport_errc::closed, name_);
  int ready = wait_for(fd_, POLLIN, timeout);
  if (ready == 0)
    return std::size_t{0};
  if (ready < 0)
    return make_error(transport_errc::io_error, name_ + ": " + std::strerror(errno));
  for (;;) {
    auto n = ::read(fd_, buffer.data(), buffer.size());
    if (n > 0)
      return static_cast<std::size_t>(n);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return std::size_t{0};
    // 0 = end of stream; EIO = the other side of a pty or a USB serial device went away
    return make_error(transport_errc::closed, name_ + (n == 0 ? ": closed by peer" : ": " + std::string{std::strerror(errno)}));
  }
}

caf::error byte_stream::write_all(std::string_view bytes, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!bytes.empty()) {
    if (fd_ < 0)
      return make_error(transport_errc::closed, name_);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || wait_for(fd_, POLLOUT, left) == 0)
      return make_error(transport_errc::timeout, name_ + ": write timed out");
    auto n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n < 0)
      return make_error(errno == EPIPE || errno == ECONNRESET || errno == EIO ? transport_errc::closed
                                                                              : transport_errc::io_error,
                        name_ + ": " + std::strerror(errno));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

} // namespace meterhub::transport

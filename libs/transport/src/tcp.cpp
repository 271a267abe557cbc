#include <cerrno>
#include <charconv>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "meterhub/transport/transport.hpp"

namespace meterhub::transport {

namespace {

class socket_stream final : public byte_stream {
public:
  socket_stream(int fd, std::string name) : byte_stream(fd, std::move(name)) {}
};

void tune(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/// One non-blocking connect attempt with a deadline; the socket on success, -1 with `why` otherwise.
int try_connect(const addrinfo* ai, std::chrono::milliseconds timeout, std::string& why) {
  int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
  if (fd < 0) {
    why = std::strerror(errno);
    return -1;
  }
  if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
    why = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  pollfd p{fd, POLLOUT, 0};
  int rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
  int err = 0;
  socklen_t len = sizeof err;
  if (rc <= 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
    why = rc == 0 ? "connect timed out" : std::strerror(err != 0 ? err : errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

} // namespace

caf::expected<std::unique_ptr<byte_stream>> connect_tcp(const std::string& host, std::uint16_t port,
                                                        std::chrono::milliseconds timeout) {
  const std::string name = "tcp://" + host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
    return make_error(transport_errc::cannot_open, name + ": " + ::gai_strerror(rc));
  std::string why = "no address";
  int fd = -1;
  for (auto* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next)
    fd = try_connect(ai, timeout, why);
  ::freeaddrinfo(found);
  if (fd < 0)
    return make_error(transport_errc::cannot_open, name + ": " + why);
  tune(fd);
  return std::unique_ptr<byte_stream>{std::make_unique<socket_stream>(fd, name)};
}

caf::expected<std::unique_ptr<tcp_listener>> tcp_listener::bind(const std::string& host, std::uint16_t port) {
  const std::string name = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), std::to_string(port).c_str(), &hints, &found);
      rc != 0)
    return make_error(transport_errc::cannot_open, name + ": " + ::gai_strerror(rc));
  int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd >= 0)
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (fd < 0 || ::bind(fd, found->ai_addr, found->ai_addrlen) != 0 || ::listen(fd, 16) != 0) {
    auto err = make_error(transport_errc::cannot_open, name + ": " + std::strerror(errno));
    ::freeaddrinfo(found);
    if (fd >= 0)
      ::close(fd);
    return err;
  }
  ::freeaddrinfo(found);
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const auto bound = addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                                                : reinterpret_cast<sockaddr_in*>(&addr)->sin_port;
  return std::unique_ptr<tcp_listener>{new tcp_listener(fd, ntohs(bound))};
}

tcp_listener::~tcp_listener() {
  ::close(fd_);
}

caf::expected<std::unique_ptr<byte_stream>> tcp_listener::accept(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  int rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (rc == 0 || (rc < 0 && errno == EINTR))
    return std::unique_ptr<byte_stream>{};
  sockaddr_storage peer{};
  socklen_t len = sizeof peer;
  int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
  if (fd < 0)
    return make_error(transport_errc::io_error, std::string{"accept: "} + std::strerror(errno));
  tune(fd);
  char host[INET6_ADDRSTRLEN] = "?";
  std::uint16_t port = 0;
  if (peer.ss_family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&peer);
    ::inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    port = ntohs(in->sin_port);
  }
  return std::unique_ptr<byte_stream>{
    std::make_unique<socket_stream>(fd, std::string{"tcp://"} + host + ":" + std::to_string(port))};
}

std::optional<endpoint> parse_endpoint(std::string_view text) {
  if (text.empty())
    return std::nullopt;
  if (text.front() == '/')
    return endpoint{false, std::string{text}, {}, 0};
  if (text.substr(0, 6) == "tcp://")
    text.remove_prefix(6);
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return std::nullopt;
  unsigned port = 0;
  auto digits = text.substr(colon + 1);
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || p != digits.data() + digits.size() || port == 0 || port > 65535)
    return std::nullopt;
  return endpoint{true, {}, std::string{text.substr(0, colon)}, static_cast<std::uint16_t>(port)};
}

caf::expected<std::unique_ptr<byte_stream>> open_endpoint(const endpoint& ep, const serial_settings& settings,
                                                          std::chrono::milliseconds timeout) {
  if (ep.tcp)
    return connect_tcp(ep.host, ep.port, timeout);
  return open_serial(ep.path, settings);
}

} // namespace meterhub::transport

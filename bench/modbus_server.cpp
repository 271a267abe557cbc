#include "modbus_server.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#include <modbus/modbus.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace meterhub::bench {

namespace {

/// The loop of libmodbus's own random-test-server / bandwidth-server-many-up examples: select over the listening
/// socket and every client, one request read and answered per readable client.
[[noreturn]] void serve(modbus_t* ctx, int listener, modbus_mapping_t* map, std::atomic<std::uint64_t>* answered) {
  fd_set clients;
  FD_ZERO(&clients);
  FD_SET(listener, &clients);
  int top = listener;
  std::uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
  for (;;) {
    fd_set ready = clients;
    if (::select(top + 1, &ready, nullptr, nullptr, nullptr) < 0) {
      if (errno == EINTR)
        continue;
      ::_exit(1);
    }
    for (int fd = 0; fd <= top; ++fd) {
      if (!FD_ISSET(fd, &ready))
        continue;
      if (fd == listener) {
        const int client = ::accept(listener, nullptr, nullptr);
        if (client >= 0 && client < FD_SETSIZE) {
          FD_SET(client, &clients);
          top = std::max(top, client);
        } else if (client >= 0) {
          ::close(client);
        }
        continue;
      }
      modbus_set_socket(ctx, fd);
      const int rc = modbus_receive(ctx, query);
      if (rc > 0 && modbus_reply(ctx, query, rc, map) >= 0) {
        answered->fetch_add(1, std::memory_order_relaxed);
      } else if (rc < 0) { // the client closed, or sent garbage
        ::close(fd);
        FD_CLR(fd, &clients);
      }
    }
  }
}

int bound_port(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error(std::string{"getsockname: "} + std::strerror(errno));
  return ntohs(addr.sin_port);
}

} // namespace

modbus_floor_server::modbus_floor_server(unsigned registers) {
  void* shared = ::mmap(nullptr, sizeof(std::atomic<std::uint64_t>), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED)
    throw std::runtime_error(std::string{"mmap: "} + std::strerror(errno));
  answered_ = new (shared) std::atomic<std::uint64_t>{0};
  modbus_t* ctx = modbus_new_tcp("127.0.0.1", 0);
  const int listener = ctx ? modbus_tcp_listen(ctx, 128) : -1;
  if (listener < 0)
    throw std::runtime_error(std::string{"modbus_tcp_listen: "} + modbus_strerror(errno));
  port_ = bound_port(listener);
  modbus_mapping_t* map = modbus_mapping_new(0, 0, static_cast<int>(registers), 0);
  if (!map)
    throw std::runtime_error("modbus_mapping_new failed");
  for (unsigned i = 0; i + 1 < registers; i += 2)
    modbus_set_float_abcd(1.5f + static_cast<float>(i / 2), map->tab_registers + i);
  pid_ = ::fork();
  if (pid_ < 0)
    throw std::runtime_error(std::string{"fork: "} + std::strerror(errno));
  if (pid_ == 0)
    serve(ctx, listener, map, answered_);
  ::close(listener);
  modbus_mapping_free(map);
  modbus_free(ctx);
}

modbus_floor_server::~modbus_floor_server() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  ::munmap(answered_, sizeof(std::atomic<std::uint64_t>));
}

} // namespace meterhub::bench

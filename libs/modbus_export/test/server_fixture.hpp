#pragma once

// A running export on 127.0.0.1 with a port the OS picked, its image and the writes its handler saw; libmodbus
// clients and raw sockets to talk to it. Shared by server.test.cpp and interop.test.cpp.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <modbus.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "meterhub/modbus_export/server.hpp"
#include "entries.hpp"

namespace meterhub::modbus_export::test {

using modbus::table;
using modbus::value_type;
using modbus::word_order;

inline constexpr std::int64_t t0 = 1'700'000'000'000;

/// Unit 1 "meter-1": power f32 ABCD at holding 0 (quality 2, age 3), voltage u16 tenths at 4, heartbeat at 9,
/// energy u32 CDAB in kWh at input 0, a holding command at 20 (u16 tenths, "limit") and a coil command at 3
/// ("breaker"). Unit 2 "meter-2": power f32 CDAB at holding 0, energy s32 at input 10, current f64 at holding 100.
inline export_map sample_map() {
  unit_map one;
  one.unit_id = 1;
  one.device = "meter-1";
  one.heartbeat = register_ref{table::holding, 9};
  one.values = {mapped("1-0:1.7.0", table::holding, 0, {}, 2, 3),
                mapped("1-0:32.7.0", table::holding, 4, {value_type::u16, word_order::abcd, {0.1, 0}}),
                mapped("1-0:1.8.0", table::input, 0, {value_type::u32, word_order::cdab, {1000, 0}})};
  one.commands = {{table::holding, 20, {value_type::u16, word_order::abcd, {0.1, 0}}, "limit"},
                  {table::coil, 3, {}, "breaker"}};
  unit_map two;
  two.unit_id = 2;
  two.device = "meter-2";
  two.values = {mapped("1-0:1.7.0", table::holding, 0, {value_type::f32, word_order::cdab, {}}),
                mapped("1-0:1.8.0", table::input, 10, {value_type::s32, word_order::abcd, {}}),
                mapped("1-0:31.7.0", table::holding, 100, {value_type::f64, word_order::abcd, {}})};
  return export_map{{one, two}};
}

inline reading at(std::string quantity, double value, std::int64_t time_ms = t0) {
  reading r;
  r.quantity = std::move(quantity);
  r.value = value;
  r.time_ms = time_ms;
  return r;
}

inline reading_batch batch_of(std::string device, std::vector<reading> readings) {
  reading_batch b;
  b.device = std::move(device);
  b.readings = std::move(readings);
  return b;
}

/// The server under test and what its write handler saw.
struct running_export {
  std::shared_ptr<shared_image> image;
  std::unique_ptr<server> srv;
  std::mutex writes_mutex;
  std::vector<write_request> writes;
  std::atomic<bool> accept_writes{true};

  explicit running_export(server_settings settings = {}, export_map map = sample_map()) {
    auto layout = export_layout::make(map);
    REQUIRE(layout);
    image = std::make_shared<shared_image>(
      register_image{std::make_shared<const export_layout>(std::move(*layout)), t0});
    settings.port = 0;
    auto started = server::start(settings, image, [this](const write_request& w) {
      std::lock_guard<std::mutex> guard{writes_mutex};
      writes.push_back(w);
      return accept_writes && w.target != "breaker-broken";
    });
    REQUIRE(started);
    srv = std::move(*started);
  }

  std::uint16_t port() const { return srv->port(); }

  std::vector<write_request> seen_writes() {
    std::lock_guard<std::mutex> guard{writes_mutex};
    return writes;
  }
};

/// A libmodbus TCP client, connected when connected() says so. No Catch assertion inside: reader threads use it,
/// and Catch's assertions are for the test's own thread.
class client {
public:
  explicit client(std::uint16_t port, int unit = 1) : ctx_(modbus_new_tcp("127.0.0.1", port)) {
    if (ctx_ == nullptr)
      return;
    modbus_set_response_timeout(ctx_, 2, 0);
    modbus_set_slave(ctx_, unit);
    connected_ = modbus_connect(ctx_) == 0;
  }
  ~client() {
    if (ctx_ == nullptr)
      return;
    modbus_close(ctx_);
    modbus_free(ctx_);
  }
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  bool connected() const { return connected_; }
  modbus_t* ctx() { return ctx_; }
  void unit(int id) { modbus_set_slave(ctx_, id); }

  /// Holding registers, or an empty vector and errno set.
  std::vector<std::uint16_t> holding(int address, int count) { return read(address, count, false); }
  std::vector<std::uint16_t> input(int address, int count) { return read(address, count, true); }

private:
  std::vector<std::uint16_t> read(int address, int count, bool input) {
    std::vector<std::uint16_t> out(static_cast<std::size_t>(count));
    int n = input ? modbus_read_input_registers(ctx_, address, count, out.data())
                  : modbus_read_registers(ctx_, address, count, out.data());
    if (n != count)
      out.clear();
    return out;
  }

  modbus_t* ctx_;
  bool connected_ = false;
};

/// A plain TCP socket to 127.0.0.1:port with a receive timeout, for bytes no Modbus client would send.
class raw_socket {
public:
  explicit raw_socket(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::milliseconds{3000}) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  }
  ~raw_socket() { ::close(fd_); }
  raw_socket(const raw_socket&) = delete;
  raw_socket& operator=(const raw_socket&) = delete;

  void send(const std::vector<std::uint8_t>& bytes) {
    REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  }
  /// Exactly `n` bytes, or fewer when the peer closed or the timeout passed.
  std::vector<std::uint8_t> receive(std::size_t n) {
    std::vector<std::uint8_t> out(n);
    std::size_t got = 0;
    while (got < n) {
      auto r = ::recv(fd_, out.data() + got, n - got, 0);
      if (r <= 0)
        break;
      got += static_cast<std::size_t>(r);
    }
    out.resize(got);
    return out;
  }
  /// True when the peer closed the connection (recv gives 0 or a reset) before the timeout.
  bool closed_by_peer() {
    std::uint8_t byte;
    auto r = ::recv(fd_, &byte, 1, 0);
    return r == 0 || (r < 0 && errno == ECONNRESET);
  }

private:
  int fd_ = -1;
};

} // namespace meterhub::modbus_export::test

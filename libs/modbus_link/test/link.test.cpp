// The link against libmodbus's own server on real loopback sockets and a real pty: Modbus TCP, RTU over TCP and
// RTU on a serial line, exceptions, timeouts and the raw exchange a Mercury meter on the same line uses.
#include <atomic>
#include <thread>

#include <catch2/catch.hpp>
#include <modbus/modbus.h>
#include <poll.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "meterhub/modbus_link/link.hpp"

using namespace meterhub;
using namespace meterhub::modbus_link;
using namespace std::chrono_literals;

namespace {

/// libmodbus answering from one mapping (holding 0..99 = 1000 + address, input registers 0..9 = address, coils
/// 0..15 alternating) in a thread, until destroyed. `mute` makes it read requests and answer nothing.
struct reference_server {
  modbus_mapping_t* map = modbus_mapping_new(16, 0, 100, 10);
  std::atomic<bool> stop{false}, mute{false};
  std::thread thread;

  reference_server() {
    for (int i = 0; i < 100; ++i)
      map->tab_registers[i] = static_cast<std::uint16_t>(1000 + i);
    for (int i = 0; i < 10; ++i)
      map->tab_input_registers[i] = static_cast<std::uint16_t>(i);
    for (int i = 0; i < 16; ++i)
      map->tab_bits[i] = i % 2;
  }
  ~reference_server() {
    stop = true;
    if (thread.joinable())
      thread.join();
    modbus_mapping_free(map);
  }

  /// Serves requests on `ctx` (whose socket is set) until stop.
  void serve(modbus_t* ctx) {
    std::uint8_t req[MODBUS_RTU_MAX_ADU_LENGTH > MODBUS_TCP_MAX_ADU_LENGTH ? MODBUS_RTU_MAX_ADU_LENGTH
                                                                            : MODBUS_TCP_MAX_ADU_LENGTH];
    while (!stop) {
      pollfd p{modbus_get_socket(ctx), POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0)
        continue;
      const int n = modbus_receive(ctx, req);
      if (n < 0)
        break;
      if (n > 0 && !mute)
        modbus_reply(ctx, req, n, map);
    }
  }

  /// Modbus TCP (or RTU over TCP when `rtu`) on a free loopback port; returns the port.
  int start_tcp(bool rtu) {
    auto* listener = modbus_new_tcp("127.0.0.1", 0);
    int fd = modbus_tcp_listen(listener, 1);
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    thread = std::thread([this, listener, fd, rtu] {
      pollfd p{fd, POLLIN, 0};
      while (!stop && ::poll(&p, 1, 20) <= 0) {
      }
      if (stop)
        return;
      int conn = ::accept(fd, nullptr, nullptr);
      modbus_t* ctx = rtu ? modbus_new_rtu("socket", 9600, 'N', 8, 1) : listener;
      if (rtu)
        modbus_set_slave(ctx, 1); // an RTU server ignores requests for other ids (and for none when unset)
      modbus_set_socket(ctx, conn);
      serve(ctx);
      ::close(conn);
      if (rtu)
        modbus_free(ctx);
      ::close(fd);
      modbus_free(listener);
    });
    return ntohs(addr.sin_port);
  }

  /// RTU slave 1 on the master side of a pty; returns the slave path a link opens as a serial port.
  std::string start_pty(int& master_out) {
    auto pty = transport::open_pty();
    REQUIRE(pty);
    int master = ::dup(pty->master->fd());
    master_out = master;
    auto path = pty->slave_path;
    thread = std::thread([this, master, keep = std::make_shared<transport::pty_pair>(std::move(*pty))] {
      modbus_t* ctx = modbus_new_rtu("pty", 9600, 'N', 8, 1);
      modbus_set_slave(ctx, 1);
      modbus_set_response_timeout(ctx, 0, 50'000); // shorter than the master's (TOOLCHAIN.md)
      modbus_set_socket(ctx, master);
      serve(ctx);
      modbus_free(ctx);
    });
    return path;
  }
};

link_settings tcp_settings(int port, bool rtu) {
  auto s = link_settings::parse_port((rtu ? "rtu+tcp://127.0.0.1:" : "tcp://127.0.0.1:") + std::to_string(port));
  REQUIRE(s);
  s->response_timeout = 300ms;
  return *s;
}

void check_reads(modbus_link::link& l) {
  auto holding = l.read(1, modbus::table::holding, 10, 3);
  INFO((holding ? "" : describe(holding.error())));
  REQUIRE(holding);
  CHECK(*holding == std::vector<std::uint16_t>{1010, 1011, 1012});
  auto input = l.read(1, modbus::table::input, 2, 2);
  REQUIRE(input);
  CHECK(*input == std::vector<std::uint16_t>{2, 3});
  auto coils = l.read(1, modbus::table::coil, 0, 4);
  REQUIRE(coils);
  CHECK(*coils == std::vector<std::uint16_t>{0, 1, 0, 1});
  auto refused = l.read(1, modbus::table::holding, 98, 5);
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == modbus::modbus_errc::illegal_data_address);
  std::vector<std::uint16_t> values{7, 8};
  REQUIRE_FALSE(l.write_registers(1, 20, values));
  auto back = l.read(1, modbus::table::holding, 20, 2);
  REQUIRE(back);
  CHECK(*back == values);
}

} // namespace

TEST_CASE("ports name serial lines, RTU gateways and Modbus TCP", "[link]") {
  auto serial = link_settings::parse_port("/dev/ttyUSB0");
  REQUIRE(serial);
  CHECK(serial->what == link_settings::kind::rtu_serial);
  auto gw = link_settings::parse_port("rtu+tcp://10.0.0.6:4001");
  REQUIRE(gw);
  CHECK((gw->what == link_settings::kind::rtu_tcp && gw->host == "10.0.0.6" && gw->port == 4001));
  auto tcp = link_settings::parse_port("10.0.0.5:502");
  REQUIRE(tcp);
  CHECK((tcp->what == link_settings::kind::tcp && tcp->port_text() == "tcp://10.0.0.5:502"));
  CHECK(link_settings::parse_port("[::1]:1502")->host == "::1");
  for (auto bad : {"", "host", "tcp://host:", "tcp://:502", "host:0", "host:70000", "host:5x"})
    CHECK_FALSE(link_settings::parse_port(bad));
}

TEST_CASE("Modbus TCP: reads, writes and exceptions against libmodbus's server", "[link]") {
  reference_server server;
  auto l = modbus_link::link::open(tcp_settings(server.start_tcp(false), false));
  REQUIRE(l);
  check_reads(**l);
  CHECK((*l)->totals().transactions == 6);
}

TEST_CASE("RTU over TCP: the RTU backend on a socket", "[link]") {
  reference_server server;
  auto l = modbus_link::link::open(tcp_settings(server.start_tcp(true), true));
  REQUIRE(l);
  check_reads(**l);
}

TEST_CASE("RTU on a pty: a serial line, and a silent device times out without desynchronising it", "[link]") {
  reference_server server;
  int master = -1;
  auto path = server.start_pty(master);
  auto s = link_settings::parse_port(path);
  REQUIRE(s);
  s->response_timeout = 200ms;
  auto l = modbus_link::link::open(*s);
  REQUIRE(l);
  check_reads(**l);
  server.mute = true;
  auto silent = (*l)->read(1, modbus::table::holding, 0, 1);
  REQUIRE_FALSE(silent);
  CHECK(silent.error() == modbus::modbus_errc::timeout);
  server.mute = false;
  auto again = (*l)->read(1, modbus::table::holding, 0, 1);
  REQUIRE(again);
  CHECK(again->front() == 1000);
}

TEST_CASE("a raw exchange returns a full reply, a short reply after silence, or a timeout", "[link]") {
  auto listener = transport::tcp_listener::bind("127.0.0.1", 0);
  REQUIRE(listener);
  auto s = tcp_settings((*listener)->port(), true);
  s.response_timeout = 300ms;
  std::atomic<bool> meter_ok{true}; // Catch's assertions are not for other threads
  std::thread meter([&] {
    auto conn = (*listener)->accept(2s);
    if (!conn || !*conn)
      return void(meter_ok = false);
    char buf[64];
    for (std::string_view answer : {std::string_view{"\x2a\x01\x02\x03\x04\x05\x06", 7},
                                    std::string_view{"\x2a\x05\xaa\xbb", 4}, std::string_view{}}) {
      auto n = (*conn)->read_some(buf, 2s);
      if (!n || *n == 0 || (!answer.empty() && (*conn)->write_all(answer, 1s)))
        return void(meter_ok = false);
    }
    (*conn)->read_some(buf, 1s); // until the link closes
  });
  auto l = modbus_link::link::open(s);
  REQUIRE(l);
  auto full = (*l)->exchange(std::string_view{"\x2a\x08", 2}, 7, 4);
  REQUIRE(full);
  CHECK(full->size() == 7);
  auto status = (*l)->exchange(std::string_view{"\x2a\x08", 2}, 7, 4);
  REQUIRE(status);
  CHECK(*status == std::string_view{"\x2a\x05\xaa\xbb", 4});
  auto silent = (*l)->exchange(std::string_view{"\x2a\x08", 2}, 7, 4);
  REQUIRE_FALSE(silent);
  CHECK(silent.error() == modbus::modbus_errc::timeout);
  l->reset();
  meter.join();
  CHECK(meter_ok);
}

TEST_CASE("a refused connection is an io_error naming the port", "[link]") {
  auto l = modbus_link::link::open(tcp_settings(1, false));
  REQUIRE_FALSE(l);
  CHECK(l.error() == modbus::modbus_errc::io_error);
  CHECK_THAT(describe(l.error()), Catch::Contains("127.0.0.1:1"));
}

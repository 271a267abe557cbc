#include "meterhub/transport/transport.hpp"

#include <array>
#include <thread>

#include <catch2/catch.hpp>

using namespace meterhub;
using namespace meterhub::transport;
using namespace std::chrono_literals;

namespace {

std::string read_n(byte_stream& s, std::size_t n) {
  std::string out;
  std::array<char, 256> buf;
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (out.size() < n && std::chrono::steady_clock::now() < deadline) {
    auto got = s.read_some(buf, 100ms);
    REQUIRE(got);
    out.append(buf.data(), *got);
  }
  return out;
}

} // namespace

TEST_CASE("serial settings parse the usual notations") {
  auto s = serial_settings::parse("9600 7E1");
  REQUIRE(s);
  CHECK(s->baud == 9600);
  CHECK(s->data_bits == 7);
  CHECK(s->parity == parity::even);
  CHECK(s->to_string() == "9600 7E1");
  CHECK(serial_settings::parse("115200 8N1")->parity == parity::none);
  CHECK(serial_settings::parse("19200 8O2")->stop_bits == 2);
  CHECK_FALSE(serial_settings::parse("12345 8N1"));
  CHECK_FALSE(serial_settings::parse("9600 9N1"));
  CHECK_FALSE(serial_settings::parse("9600 8X1"));
  CHECK_FALSE(serial_settings::parse("9600"));
}

TEST_CASE("bytes cross a real pty in both directions, and reads time out") {
  auto pty = open_pty();
  REQUIRE(pty);
  auto port = open_serial(pty->slave_path, *serial_settings::parse("115200 8N1"));
  REQUIRE(port);
  REQUIRE_FALSE(pty->master->write_all("/XMX5 telegram\r\n!1234\r\n", 1s));
  CHECK(read_n(**port, 23) == "/XMX5 telegram\r\n!1234\r\n");
  REQUIRE_FALSE((*port)->write_all("back", 1s));
  CHECK(read_n(*pty->master, 4) == "back");
  std::array<char, 16> buf;
  auto start = std::chrono::steady_clock::now();
  auto nothing = (*port)->read_some(buf, 150ms);
  REQUIRE(nothing);
  CHECK(*nothing == 0);
  CHECK(std::chrono::steady_clock::now() - start >= 140ms);
}

TEST_CASE("TCP: listener on port 0, connect, transfer, peer close is reported") {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  REQUIRE(listener);
  REQUIRE((*listener)->port() != 0);
  auto client = connect_tcp("127.0.0.1", (*listener)->port(), 1s);
  REQUIRE(client);
  auto server = (*listener)->accept(1s);
  REQUIRE(server);
  REQUIRE(*server);
  REQUIRE_FALSE((*server)->write_all("hello", 1s));
  CHECK(read_n(**client, 5) == "hello");
  (*server)->close();
  std::array<char, 16> buf;
  caf::expected<std::size_t> got = std::size_t{0};
  for (int i = 0; i < 20 && got && *got == 0; ++i)
    got = (*client)->read_some(buf, 100ms);
  REQUIRE_FALSE(got);
  CHECK(got.error() == transport_errc::closed);
}

TEST_CASE("connection refused and missing devices give clear errors") {
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  REQUIRE(listener);
  const auto port = (*listener)->port();
  listener->reset();
  auto refused = connect_tcp("127.0.0.1", port, 1s);
  REQUIRE_FALSE(refused);
  CHECK(describe(refused.error()).find("transport: cannot_open: tcp://127.0.0.1:") == 0);
  auto missing = open_serial("/dev/does-not-exist", {});
  REQUIRE_FALSE(missing);
  CHECK(describe(missing.error()) == "transport: cannot_open: /dev/does-not-exist: No such file or directory");
  auto accept_none = tcp_listener::bind("127.0.0.1", 0);
  auto nobody = (*accept_none)->accept(50ms);
  REQUIRE(nobody);
  CHECK(*nobody == nullptr);
}

TEST_CASE("endpoints tell serial devices from TCP bridges") {
  CHECK_FALSE(parse_endpoint("/dev/ttyUSB0")->tcp);
  auto tcp = parse_endpoint("tcp://10.0.0.5:2001");
  REQUIRE(tcp);
  CHECK(tcp->tcp);
  CHECK(tcp->host == "10.0.0.5");
  CHECK(tcp->port == 2001);
  CHECK(parse_endpoint("bridge.local:23")->port == 23);
  CHECK_FALSE(parse_endpoint("bridge.local"));
  CHECK_FALSE(parse_endpoint("host:0"));
  CHECK_FALSE(parse_endpoint(""));
}

TEST_CASE("a serial port changes its rate while open and drains before, TCP ignores both") {
  auto pty = open_pty();
  REQUIRE(pty);
  auto port = open_serial(pty->slave_path, *serial_settings::parse("300 7E1"));
  REQUIRE(port);
  REQUIRE_FALSE((*port)->write_all("\x06" "051\r\n", 1s));
  CHECK_FALSE((*port)->drain());
  CHECK_FALSE((*port)->set_baud(9600));
  CHECK((*port)->set_baud(12345).code() == static_cast<std::uint8_t>(transport_errc::bad_settings));
  CHECK(read_n(*pty->master, 6) == "\x06" "051\r\n");
  REQUIRE_FALSE((*port)->write_all("after", 1s));
  CHECK(read_n(*pty->master, 5) == "after");
  auto listener = tcp_listener::bind("127.0.0.1", 0);
  REQUIRE(listener);
  auto client = connect_tcp("127.0.0.1", (*listener)->port(), 1s);
  REQUIRE(client);
  CHECK_FALSE((*client)->set_baud(300));
  CHECK_FALSE((*client)->drain());
}

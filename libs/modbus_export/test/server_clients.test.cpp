// The server's connections over real loopback TCP: the allowlist and the connection limit, slow, idle and
// malformed clients, pipelined requests, stopping while clients are connected, and bad settings at start.
#include <atomic>
#include <thread>

#include "meterhub/core/error.hpp"
#include "meterhub/testing/process.hpp"
#include "server_fixture.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using namespace meterhub::modbus_export::test;
using namespace std::chrono_literals;
using meterhub::testing::eventually;

TEST_CASE("clients outside the allowlist are closed at once", "[server]") {
  server_settings settings;
  settings.allow = {"10.0.0.0/8"};
  running_export ex{settings};
  client c{ex.port()};
  CHECK(c.holding(0, 1).empty()); // the TCP handshake completes in the backlog; then the server closes it
  CHECK(eventually([&] { return ex.srv->stats().refused_not_allowed == 1; }, 2s));
  CHECK(ex.srv->stats().accepted == 0);
  settings.allow = {"10.0.0.0/8", "127.0.0.0/8"};
  running_export admitted{settings};
  client d{admitted.port()};
  CHECK(d.holding(0, 1).size() == 1);
}

TEST_CASE("connections beyond max_clients are refused, and served again once one leaves", "[server]") {
  server_settings settings;
  settings.max_clients = 2;
  running_export ex{settings};
  auto first = std::make_unique<client>(ex.port());
  client second{ex.port()};
  CHECK(first->holding(0, 1).size() == 1);
  CHECK(second.holding(0, 1).size() == 1);
  {
    client third{ex.port()};
    CHECK(third.holding(0, 1).empty());
  }
  CHECK(ex.srv->stats().refused_limit == 1);
  CHECK(ex.srv->stats().clients == 2);
  first.reset();
  CHECK(eventually([&] { return ex.srv->stats().clients == 1; }, 2s));
  client fourth{ex.port()};
  CHECK(fourth.holding(0, 1).size() == 1);
}

TEST_CASE("a client dribbling a request stalls nobody and is closed after frame_timeout", "[server]") {
  server_settings settings;
  settings.frame_timeout = 400ms;
  running_export ex{settings};
  raw_socket slow{ex.port()};
  slow.send({0x00, 0x01, 0x00}); // the start of an MBAP header, and then nothing
  client c{ex.port()};
  const auto before = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i)
    REQUIRE(c.holding(0, 4).size() == 4);
  CHECK(std::chrono::steady_clock::now() - before < 300ms);
  CHECK(slow.closed_by_peer());
  CHECK(ex.srv->stats().closed_idle == 1);
}

TEST_CASE("idle clients are closed after idle_timeout", "[server]") {
  server_settings settings;
  settings.idle_timeout = 300ms;
  running_export ex{settings};
  raw_socket idle{ex.port()};
  client busy{ex.port()};
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 600ms) {
    REQUIRE(busy.holding(0, 1).size() == 1); // requests keep this one open
    std::this_thread::sleep_for(50ms);
  }
  CHECK(idle.closed_by_peer());
  CHECK(ex.srv->stats().closed_idle == 1);
  CHECK(busy.holding(0, 1).size() == 1);
}

TEST_CASE("streams that are not Modbus are closed, malformed PDUs answered, pipelined requests all served",
          "[server]") {
  running_export ex;
  {
    raw_socket http{ex.port()};
    http.send({'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n', '\r', '\n'});
    CHECK(http.closed_by_peer());
  }
  raw_socket s{ex.port()};
  s.send({0x00, 0x07, 0x00, 0x00, 0x00, 0x04, 0x01, 0x03, 0x00, 0x00}); // a read PDU of 3 bytes
  CHECK(s.receive(9) == std::vector<std::uint8_t>{0x00, 0x07, 0x00, 0x00, 0x00, 0x03, 0x01, 0x83, 0x03});
  // Two reads in one segment, then a third split across two sends.
  s.send({0x00, 0x08, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x04, 0x00, 0x01,
          0x00, 0x09, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x05, 0x00, 0x01, 0x00, 0x0A, 0x00});
  s.send({0x00, 0x00, 0x06, 0x02, 0x03, 0x00, 0x00, 0x00, 0x02});
  auto answers = s.receive(11 + 11 + 13);
  REQUIRE(answers.size() == 35);
  CHECK(answers[1] == 0x08);
  CHECK(answers[12] == 0x09);
  CHECK(answers[23] == 0x0A);
  CHECK(answers[29] == 0x03);
  CHECK(answers[30] == 4); // unit 2 answered 4 bytes
  auto stats = ex.srv->stats();
  CHECK(stats.malformed == 2);
  CHECK(stats.exceptions[0x03] == 1);
  CHECK(stats.reads == 3);
}

TEST_CASE("stop returns promptly with clients connected and closes them", "[server]") {
  running_export ex;
  std::vector<std::unique_ptr<client>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<client>(ex.port()));
    REQUIRE(clients.back()->holding(0, 1).size() == 1);
  }
  raw_socket half{ex.port()};
  half.send({0x00, 0x01});
  const auto before = std::chrono::steady_clock::now();
  ex.srv->stop();
  CHECK(std::chrono::steady_clock::now() - before < 1s);
  CHECK(half.closed_by_peer());
  for (auto& c : clients)
    CHECK(c->holding(0, 1).empty());
  CHECK(ex.srv->stats().clients == 0);
  ex.srv->stop(); // again: nothing to do
  client late{ex.port()};
  CHECK_FALSE(late.connected());
}

TEST_CASE("bad settings and busy ports are errors at start", "[server]") {
  auto layout = export_layout::make(sample_map());
  REQUIRE(layout);
  auto image = std::make_shared<shared_image>(register_image{std::make_shared<const export_layout>(*layout), t0});
  auto start = [&](server_settings s) { return server::start(std::move(s), image); };
  server_settings bad;
  bad.port = 0;
  bad.allow = {"10.0.0.1/8"};
  CHECK(describe(start(bad).error()) == "mb_export: bad_settings: allow[0]: \"10.0.0.1/8\": bits are set past the "
                                        "/8 prefix");
  bad.allow.clear();
  bad.max_clients = 0;
  CHECK(describe(start(bad).error()) == "mb_export: bad_settings: max_clients: must be at least 1");
  bad.max_clients = 1;
  bad.frame_timeout = 0ms;
  CHECK(describe(start(bad).error()) == "mb_export: bad_settings: frame_timeout: must be more than 0");
  server_settings first;
  first.port = 0;
  auto running = start(first);
  REQUIRE(running);
  server_settings same = first;
  same.port = (*running)->port();
  auto busy = start(same);
  REQUIRE_FALSE(busy);
  CHECK(describe(busy.error()) == "mb_export: io_error: cannot listen on 127.0.0.1:" + std::to_string(same.port)
                                    + ": Address already in use");
}

#include "meterhub/metrics/http_server.hpp"

#include <atomic>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>

using namespace meterhub::metrics;

TEST_CASE("the exposition format is exactly Prometheus text 0.0.4") {
  registry reg;
  auto ok = reg.make_counter("mh_telegrams_total", "Telegrams received", {{"result", "ok"}});
  auto bad = reg.make_counter("mh_telegrams_total", "Telegrams received", {{"result", "crc \"error\""}});
  auto depth = reg.make_gauge("mh_spool_depth", "Spooled batches");
  auto latency = reg.make_histogram("mh_latency_seconds", "Latency", {0.1, 1});
  ok.inc(3);
  bad.inc();
  depth.set(2.5);
  latency.observe(0.05);
  latency.observe(0.5);
  latency.observe(7);
  CHECK(reg.exposition() == "# HELP mh_latency_seconds Latency\n"
                            "# TYPE mh_latency_seconds histogram\n"
                            "mh_latency_seconds_bucket{le=\"0.10000000000000001\"} 1\n"
                            "mh_latency_seconds_bucket{le=\"1\"} 2\n"
                            "mh_latency_seconds_bucket{le=\"+Inf\"} 3\n"
                            "mh_latency_seconds_sum 7.5499999999999998\n"
                            "mh_latency_seconds_count 3\n"
                            "# HELP mh_spool_depth Spooled batches\n"
                            "# TYPE mh_spool_depth gauge\n"
                            "mh_spool_depth 2.5\n"
                            "# HELP mh_telegrams_total Telegrams received\n"
                            "# TYPE mh_telegrams_total counter\n"
                            "mh_telegrams_total{result=\"crc \\\"error\\\"\"} 1\n"
                            "mh_telegrams_total{result=\"ok\"} 3\n");
}

TEST_CASE("concurrent increments all count") {
  registry reg;
  auto c = reg.make_counter("mh_n_total", "n");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([c] {
      for (int i = 0; i < 100000; ++i)
        c.inc();
    });
  for (auto& t : threads)
    t.join();
  CHECK(c.value() == 400000);
}

TEST_CASE("health, metrics and authentication over real HTTP") {
  registry reg;
  health h;
  reg.make_counter("mh_up_total", "up").inc();
  h.set("bus", health_status::ok);
  auto server = http_server::start({"127.0.0.1", 0, "s3cret", "", ""}, reg, h);
  REQUIRE(server);
  httplib::Client client{"127.0.0.1", (*server)->port()};
  auto denied = client.Get("/metrics");
  REQUIRE(denied);
  CHECK(denied->status == 401);
  httplib::Headers auth{{"Authorization", "Bearer s3cret"}};
  auto metrics = client.Get("/metrics", auth);
  REQUIRE(metrics);
  CHECK(metrics->status == 200);
  CHECK(metrics->body.find("mh_up_total 1") != std::string::npos);
  auto healthy = client.Get("/healthz", auth);
  REQUIRE(healthy);
  CHECK(healthy->status == 200);
  CHECK(healthy->body == R"({"status":"ok","components":{"bus":{"status":"ok","reason":""}}})");
  h.set("line", health_status::failing, "no telegram for 20 s");
  auto failing = client.Get("/healthz", auth);
  REQUIRE(failing);
  CHECK(failing->status == 503);
  (*server)->stop();
}

TEST_CASE("listen addresses parse") {
  CHECK(parse_listen("127.0.0.1:9101") == std::make_pair(std::string{"127.0.0.1"}, 9101));
  CHECK(parse_listen("[::1]:0") == std::make_pair(std::string{"::1"}, 0));
  CHECK_FALSE(parse_listen("9101"));
  CHECK_FALSE(parse_listen("host:99999"));
}

TEST_CASE("a counter copied from a running total never goes backwards") {
  registry reg;
  auto published = reg.make_counter("mh_published_total", "Published");
  published.raise_to(5);
  CHECK(published.value() == 5);
  published.raise_to(3); // a stale copy must not make Prometheus see a counter reset
  CHECK(published.value() == 5);
  published.raise_to(9);
  CHECK(reg.exposition() == "# HELP mh_published_total Published\n"
                            "# TYPE mh_published_total counter\n"
                            "mh_published_total 9\n");
}

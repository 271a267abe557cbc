#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include <catch2/catch.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/dsmr/readings.hpp"
#include "meterhub/dsmr/telegram.hpp"
#include "meterhub/mirror/message.hpp"

/// Realistic batches for the mirror's tests: a DSMR 5 telegram as meterhub-p1 publishes it (captured frame from
/// tests/data/dsmr), a Route-B meter's poll with a half-hour series and history backfill, a Modbus SDM630 poll.
namespace mirror_test {

using namespace meterhub;

inline std::int64_t utc(const char* iso) {
  return *parse_iso8601(iso);
}

/// tests/data/dsmr/dsmr5-three-phase-gas.txt through the P1 codec: tariffs, per-phase values, a failure log, a
/// text message, the gas meter on M-Bus channel 1 (device type 3).
inline reading_batch p1_batch(std::uint64_t sequence = 7) {
  std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/dsmr/dsmr5-three-phase-gas.txt", std::ios::binary);
  const std::string frame{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto t = dsmr::parse_telegram(frame);
  REQUIRE(t);
  reading_batch b;
  b.device = "p1-kitchen";
  b.source = "p1/host-1";
  b.sequence = sequence;
  b.received_ms = utc("2023-10-29T01:30:01Z");
  b.readings = dsmr::to_readings(*t, {});
  return b;
}

/// A Route-B (ECHONET Lite 0x0288) poll: the cumulative energy of the last two half hours (E0 at :00 and :30),
/// export, instantaneous power and currents, and one half hour from the meter's history 1, backfilled.
inline reading_batch route_b_batch(std::uint64_t sequence = 1201) {
  reading_batch b;
  b.device = "echonet-0012";
  b.source = "echonet/pi-1";
  b.sequence = sequence;
  b.received_ms = utc("2024-03-01T12:31:05Z");
  b.readings = {
    {"1-0:1.8.0", 12345600.0, unit::wh, utc("2024-03-01T12:00:00Z"), 0, {}},
    {"1-0:1.8.0", 12345900.0, unit::wh, utc("2024-03-01T12:30:00Z"), 0, {}},
    {"1-0:2.8.0", 1000.0, unit::wh, utc("2024-03-01T12:30:00Z"), 0, {}},
    {"1-0:1.7.0", 612.0, unit::w, utc("2024-03-01T12:31:04Z"), 0, {}},
    {"1-0:31.7.0", 2.5, unit::a, utc("2024-03-01T12:31:04Z"), 0, {}},
    {"1-0:51.7.0", 0.5, unit::a, utc("2024-03-01T12:31:04Z"), 0, {}},
    {"1-0:1.8.0", 12345300.0, unit::wh, utc("2024-03-01T11:30:00Z"), static_cast<std::uint32_t>(flag::backfilled),
     {}},
  };
  return b;
}

/// A Modbus poll of an Eastron SDM630 (deploy/profiles/sdm630.yaml) and a digital input of a module.
inline reading_batch modbus_batch(std::uint64_t sequence = 88) {
  const auto t = utc("2024-03-01T12:00:00.250Z");
  reading_batch b;
  b.device = "modbus-sdm630-1";
  b.source = "modbus/shop-1";
  b.sequence = sequence;
  b.received_ms = t;
  b.readings = {
    {"1-0:32.7.0", 230.1, unit::v, t, 0, {}},     {"1-0:52.7.0", 229.8, unit::v, t, 0, {}},
    {"1-0:72.7.0", 231.0, unit::v, t, 0, {}},     {"1-0:31.7.0", 4.25, unit::a, t, 0, {}},
    {"1-0:21.7.0", 912.5, unit::w, t, 0, {}},     {"1-0:13.7.0", 0.97, unit::none, t, 0, {}},
    {"1-0:33.7.0", -0.5, unit::none, t, 0, {}},   {"1-0:14.7.0", 50.01, unit::hz, t, 0, {}},
    {"1-0:1.8.0", 12345.0, unit::wh, t, 0, {}},   {"1-0:2.8.0", 0.0, unit::wh, t, 0, {}},
    {"1-0:3.8.0", 4567.0, unit::varh, t, 0, {}},  {"x:di.3", 1.0, unit::none, t, 0, {}},
    {"1-0:9.7.0", 1.0e21, unit::va, t, static_cast<std::uint32_t>(flag::suspicious), {}},
  };
  return b;
}

/// The message on `topic`, or nullptr.
inline const mirror::message* on_topic(const std::vector<mirror::message>& out, const std::string& topic) {
  for (const auto& m : out)
    if (m.topic == topic)
      return &m;
  return nullptr;
}

/// How many of `out` are on topics starting with `start`.
inline std::size_t count_under(const std::vector<mirror::message>& out, const std::string& start) {
  std::size_t n = 0;
  for (const auto& m : out)
    n += m.topic.starts_with(start);
  return n;
}

} // namespace mirror_test

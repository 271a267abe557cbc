#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/vscp/event.hpp"

/// Shared by the vscp tests: readings, batches and settings as the tests need them.
namespace meterhub::vscp::test {

/// The MAC of the spec's example run.
inline const mac_address example_mac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};

/// The clock reading that gives the spec's example vscpDateTime 2026-12-07T02:03:51Z and vscpTimeStamp 1312701418.
inline constexpr std::int64_t example_now_ms = 1'796'609'031'146;

/// A reading as meterhub-p1 publishes it.
inline reading make_reading(std::string quantity, double value, meterhub::unit u) {
  reading r;
  r.quantity = std::move(quantity);
  r.value = value;
  r.unit = u;
  r.time_ms = 1'613'580'019'000;
  return r;
}

/// A batch of `readings` from device "p1-test".
inline reading_batch make_batch(std::vector<reading> readings) {
  reading_batch b;
  b.device = "p1-test";
  b.source = "p1/test";
  b.sequence = 7;
  b.received_ms = 1'613'580'020'000;
  b.readings = std::move(readings);
  return b;
}

/// Default settings with the example MAC.
inline settings example_settings() {
  settings s;
  s.mac = example_mac;
  return s;
}

/// The ASCII codes of `text` as a JSON array of numbers.
inline std::vector<int> ascii(std::string_view text) {
  return {text.begin(), text.end()};
}

} // namespace meterhub::vscp::test

#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "meterhub/um40/record.hpp"

/// Test data shaped like the UM-40 maker's own generator (spec §6): the same timestamps per record type and the
/// same value ranges, so fixtures made here and there look alike to the concentrator's API. Pure: the caller
/// passes the time and the random engine.
namespace meterhub::um40 {

struct generation {
  const record_type* type = nullptr;
  int count = 1;
  std::int64_t meter_id = 0;
  std::int64_t now = 0;                 ///< Unix seconds
  std::chrono::minutes utc_offset{0};   ///< the generator host's local time, which days and months follow
  std::int64_t profile_minutes = 30;    ///< ElArr1ConsPower's period (cTime)
};

/// `count` records of the type, ascending, the newest last, with values drawn from `rng`. Journals number their
/// events 0, 1, 2 … in this order.
std::vector<record> generate(const generation& g, std::mt19937_64& rng);

/// The MeterTable row the reference generator makes for `meter_id`: type SE303, address "ТЕСТ", the test
/// passwords, a random interface Iface1…Iface4, 9600,8n1, RTU fields 1.
meter generate_meter(std::int64_t meter_id, std::mt19937_64& rng);

/// The timestamps `generate` uses, newest last (exposed for tests of the stepping rules).
std::vector<std::int64_t> timestamps(const generation& g, std::mt19937_64& rng);

} // namespace meterhub::um40

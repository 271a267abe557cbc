// libFuzzer target for the ECHONET Lite codec (libs/echonet). Input: a selector byte, then
//   0: a UDP payload — a frame that decodes must encode back to the same bytes, and every property of it goes
//      through the class 0x0288 readings with a scale taken from the next two bytes;
//   1: an EDT — the history 1 / history 2 / property map / fixed-time decoders, whose results become readings.
// Whatever the bytes, nothing may crash, and a readable value must be finite.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <span>
#include <vector>

#include "meterhub/echonet/frame.hpp"
#include "meterhub/echonet/history.hpp"
#include "meterhub/echonet/meter.hpp"
#include "meterhub/echonet/property_map.hpp"
#include "meterhub/echonet/readings.hpp"

using namespace meterhub;
using namespace meterhub::echonet;

namespace {

using bytes_view = std::span<const std::uint8_t>;

void require(bool condition) {
  if (!condition)
    std::abort();
}

std::set<std::uint8_t> as_set(const std::vector<std::uint8_t>& epcs) {
  return {epcs.begin(), epcs.end()};
}

void check_readings(const std::vector<reading>& readings) {
  for (const auto& r : readings)
    require(!r.value || std::isfinite(*r.value));
}

void fuzz_frame(bytes_view in) {
  if (in.size() < 2)
    return;
  const meter_scale scale{in[0], in[1]};
  const auto payload = in.subspan(2);
  auto f = decode(payload);
  if (!f)
    return;
  auto again = encode(*f);
  require(static_cast<bool>(again));
  require(std::vector<std::uint8_t>(payload.begin(), payload.end()) == *again);
  if (auto readings = readings_of(*f, scale, 1'796'000'000'000))
    check_readings(*readings);
  if (f->esv == esv::infc)
    require(static_cast<bool>(encode(make_infc_res(*f))));
}

void fuzz_edt(bytes_view in) {
  const meter_scale scale{1, in.empty() ? std::uint8_t{0} : in[0]};
  if (auto h = decode_history1(in))
    check_readings(history1_readings(0xE2, *h, civil_day{2026, 12, 7}, scale));
  if (auto h = decode_history2(in))
    check_readings(history2_readings(*h, scale));
  if (auto map = decode_property_map(in)) {
    auto back = decode_property_map(encode_property_map(*map));
    require(static_cast<bool>(back));
    require(as_set(*back) == as_set(*map));
  }
  (void) decode_history2_setting(in);
  (void) decode_fixed_time_energy(in);
  (void) decode_instantaneous_currents(in);
  (void) decode_current_date(in);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const bytes_view in{data + 1, size - 1};
  switch (data[0] % 2) {
    case 0: fuzz_frame(in); break;
    default: fuzz_edt(in); break;
  }
  return 0;
}

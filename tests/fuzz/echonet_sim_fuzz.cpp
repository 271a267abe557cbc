// libFuzzer target for what meterhub-echonet-sim decodes from outside: the bytes a Route-B client writes to the
// module's pty, and the control lines and --fault options an operator types. Input: a selector byte, then
//   0: bytes to a BP35A1, 1: bytes to a BP35C2 — fed in chunks whose sizes come from the input, the module's clock
//      advanced between chunks so scans, joins and the meter's answers run; every line the module writes must end
//      with CR LF and the module must keep answering;
//   2: control lines and fault options, which must answer "ok …", "error …" or "status …" and never crash.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "control.hpp"
#include "faults.hpp"
#include "meter.hpp"
#include "module.hpp"

using namespace meterhub;
using namespace meterhub::echonet_sim;

namespace {

/// 2024-04-14T12:00:00+09:00.
constexpr std::int64_t start_ms = 1713063600000;

void require(bool condition) {
  if (!condition)
    std::abort();
}

/// The meter with its 100 days of history, built once: copying it is much cheaper than building it per input.
meter fresh_meter() {
  static const meter prototype{meter_options{}, start_ms};
  return prototype;
}

void check_output(module& m) {
  for (const auto& line : m.take_output()) // CR LF, or CR alone after ROPT / WOPT (spec §9.1)
    require(line.ends_with("\r\n") || (!line.empty() && line.back() == '\r'));
}

void module_bytes(skstack::module_model model, std::string_view data) {
  meter mt = fresh_meter();
  module_options opt;
  opt.model = model;
  opt.scan_speed = 1000; // scans finish within the fuzzer's simulated seconds
  module m{opt, mt, start_ms};
  std::int64_t now = start_ms;
  while (!data.empty()) {
    const std::size_t chunk = 1 + static_cast<std::uint8_t>(data[0]) % 64;
    const auto part = data.substr(1, chunk);
    m.feed(part, now);
    data.remove_prefix(std::min(data.size(), chunk + 1));
    now += 250;
    m.tick(now);
    check_output(m);
  }
  for (int i = 0; i < 40; ++i) { // let whatever was scheduled run
    now = std::max(now + 100, std::min(m.next_wakeup(), now + 60'000));
    m.tick(now);
    check_output(m);
  }
}

void control_lines(std::string_view data) {
  meter mt = fresh_meter();
  module m{module_options{}, mt, start_ms};
  std::int64_t now = start_ms;
  while (!data.empty()) {
    const auto end = data.find('\n');
    const auto line = data.substr(0, end);
    fault_plan plan;
    (void)plan.set(line);
    const auto answer = run_control_line(m, mt, line, now);
    require(answer.rfind("ok ", 0) == 0 || answer.rfind("error ", 0) == 0 || answer.rfind("status ", 0) == 0);
    now += 1000;
    m.tick(now);
    (void)m.take_output();
    if (end == std::string_view::npos)
      break;
    data.remove_prefix(end + 1);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string_view rest{reinterpret_cast<const char*>(data) + 1, size - 1};
  switch (data[0] % 3) {
  case 0: module_bytes(skstack::module_model::bp35a1, rest); break;
  case 1: module_bytes(skstack::module_model::bp35c2, rest); break;
  default: control_lines(rest); break;
  }
  return 0;
}

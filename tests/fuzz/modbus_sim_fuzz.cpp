// libFuzzer target for what meterhub-modbus-sim decodes from outside: the bytes a master sends. Input: a selector
// byte, then
//   0: an RTU line — bytes cut by rtu_reader into Modbus and Mercury frames (a Mercury 234 at address 5 shares the
//      line with an SDM630 at 1 and an MV110 at 3), each answered by the line's station with faults switched on by
//      the next input byte; what the station answers must be a frame whose CRC checks, unless it garbles or
//      corrupts on purpose;
//   1: a Modbus TCP frame (MBAP) answered by a TCP station with an SDM630 at unit 1;
//   2: text — a --fault option, a --device option and a shop file, which must fail with a reason or parse.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <string_view>

#include "faults.hpp"
#include "meterhub/modbus/crc.hpp"
#include "meterhub/profiles/profile.hpp"
#include "mercury_meter.hpp"
#include "rtu_reader.hpp"
#include "site_plan.hpp"
#include "station.hpp"

using namespace meterhub;
using namespace meterhub::modbus_sim;

namespace {

/// 2026-03-02T10:00:00Z.
constexpr std::int64_t start_ms = 1772445600000;

void require(bool condition) {
  if (!condition)
    std::abort();
}

std::shared_ptr<const profiles::profile> shipped(const char* id) {
  auto p = profiles::load_profile(std::filesystem::path{MH_PROFILES_DIR} / (std::string{id} + ".yaml"));
  require(static_cast<bool>(p));
  return std::make_shared<const profiles::profile>(std::move(*p));
}

std::unique_ptr<modbus_device> device(const char* id, std::uint8_t unit) {
  physics_options o;
  o.seed = unit;
  o.start_ms = start_ms;
  return std::make_unique<modbus_device>(std::make_shared<const device_template>(shipped(id)),
                                         device_identity{unit, unit}, o);
}

line_station& rtu_line() {
  static line_station* line = [] {
    auto* s = new line_station{"pty1", modbus::framing::rtu};
    s->add(device("sdm630", 1));
    s->add(device("owen-mv110-224-16dn", 3));
    mercury_settings m;
    m.address = 5;
    m.profile_days = 2;
    s->add(std::make_unique<mercury_meter>(shipped("mercury234"), m, start_ms));
    return s;
  }();
  return *line;
}

line_station& tcp_line() {
  static line_station* line = [] {
    auto* s = new line_station{"tcp1", modbus::framing::tcp};
    s->add(device("sdm630", 1));
    return s;
  }();
  return *line;
}

const fault_plan& faults_for(std::uint8_t choice) {
  static const fault_plan none;
  static const fault_plan each = [] {
    fault_plan p;
    p.set("1=exception:4:30");
    p.set("3=bad-crc:30");
    p.set("5=garble:30");
    p.set("slow:10");
    return p;
  }();
  return (choice & 1) != 0 ? each : none;
}

void check_reply(const line_reply& r, bool rtu) {
  if (r.bytes.empty() || !rtu || r.faults.bad_crc || r.faults.garble)
    return;
  require(modbus::has_valid_crc16_modbus(r.bytes));
}

void rtu_bytes(std::span<const std::uint8_t> in) {
  if (in.empty())
    return;
  const auto& faults = faults_for(in[0]);
  auto& line = rtu_line();
  rtu_reader reader{line.mercury_addresses()};
  random_source rng{in[0]};
  sim_time now{start_ms + 1000, start_ms + 1000};
  reader.feed(in.subspan(1));
  while (auto frame = reader.next()) {
    require(!frame->bytes.empty());
    check_reply(line.on_frame(frame->bytes, frame->mercury, faults, false, now, rng), true);
    now.host_ms += 10;
  }
  reader.silence();
  require(reader.buffered() == 0);
}

void tcp_frame(std::span<const std::uint8_t> in) {
  random_source rng{7};
  const sim_time now{start_ms + 1000, start_ms + 1000};
  check_reply(tcp_line().on_frame(in, false, faults_for(0), false, now, rng), false);
}

void text(std::span<const std::uint8_t> in) {
  const std::string_view s{reinterpret_cast<const char*>(in.data()), in.size()};
  fault_plan plan;
  if (plan.set(s))
    require(!plan.describe().empty());
  (void)parse_device_option(s);
  (void)parse_duration(s);
  (void)parse_host_port(s);
  (void)load_site_text(s, "fuzz.yaml");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::span<const std::uint8_t> rest{data + 1, size - 1};
  switch (data[0] % 3) {
    case 0: rtu_bytes(rest); break;
    case 1: tcp_frame(rest); break;
    default: text(rest);
  }
  return 0;
}

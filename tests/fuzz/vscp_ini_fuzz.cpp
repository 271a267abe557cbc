// libFuzzer target for libs/vscp: a config.ini is text a user (or anyone who can write the bridge's config
// directory) hands meterhub-bridge. Whatever the bytes:
// - read_config_ini answers a config or an error, never crashes; a config it accepts, given a MAC, passes
//   `validate`, and every message it makes of a batch of odd readings goes to a publishable topic, in VSCP mode
//   with a payload that is JSON whose note is the configured note;
// - the same bytes as a topic template render exactly when check_topic_template accepts them, and as a GUID or a
//   MAC parse or fail cleanly;
// - the first 8 bytes as a double: python_float_repr reads back as the same double.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string_view>

#include <nlohmann/json.hpp>

#include "meterhub/vscp/config_ini.hpp"
#include "meterhub/vscp/event.hpp"
#include "meterhub/vscp/python_format.hpp"

using namespace meterhub;
using namespace meterhub::vscp;

namespace {

void require(bool condition) {
  if (!condition)
    std::abort();
}

reading make(const char* quantity, double value, unit u, std::uint32_t flags = 0) {
  reading r;
  r.quantity = quantity;
  r.value = value;
  r.unit = u;
  r.flags = flags;
  return r;
}

reading_batch odd_batch() {
  reading_batch b;
  b.device = "p1-fuzz";
  b.readings = {make("1-0:1.8.0", 6678394, unit::wh), make("1-0:2.8.0", -0.0, unit::wh),
                make("1-0:3.8.0", 1e300, unit::varh), make("1-0:43.7.0", 1e-300, unit::var),
                make("1-0:32.7.0", -240.3, unit::v), make("1-0:31.7.0", std::nan(""), unit::a),
                make("1-0:21.7.0", 1727, unit::w, static_cast<std::uint32_t>(flag::backfilled)),
                make("1-0:22.7.0", 1, unit::var)};
  return b;
}

void check_messages(const std::vector<message>& messages, const settings& s) {
  for (const auto& m : messages) {
    require(is_publishable_topic(m.topic));
    require(m.qos == s.qos && !m.retained);
    if (s.no_vscp)
      continue;
    const auto j = nlohmann::json::parse(m.payload, nullptr, false);
    require(!j.is_discarded());
    require(j["vscpClass"] == 1040);
    bool note_found = false;
    for (const auto& v : s.values)
      note_found = note_found || j["vscpNote"] == v.note;
    require(note_found);
  }
}

void fuzz_config(std::string_view text) {
  auto cfg = read_config_ini(text);
  if (!cfg)
    return;
  auto s = cfg->vscp_settings;
  s.mac = mac_address{{0x02, 0, 0, 0, 0, 1}};
  require(!validate(s));
  (void) check_settings(s);
  const auto batch = odd_batch();
  check_messages(translate(batch, s, 1'796'609'031'146), s);
  s.profile = profile::spec;
  check_messages(translate(batch, s, -1), s);
}

void fuzz_pieces(std::string_view text) {
  const bool accepted = !check_topic_template(text);
  require(render_topic(text, "G", 1040, 13).has_value() == accepted);
  if (auto g = parse_guid(text))
    require(parse_guid(to_string(*g)) == g);
  if (auto m = parse_mac(text))
    require(parse_mac(to_string(*m)) == m);
}

void fuzz_float(const std::uint8_t* data) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, data, sizeof bits);
  const double v = std::bit_cast<double>(bits);
  const auto text = python_float_repr(v);
  if (!std::isfinite(v))
    return;
  double back = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), back);
  require(res.ec == std::errc{} && res.ptr == text.data() + text.size());
  require(std::bit_cast<std::uint64_t>(back) == bits);
  require(text.find('.') != std::string::npos || text.find('e') != std::string::npos);
  (void) shift_decimal(v, static_cast<int>(data[0] % 64) - 32);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  fuzz_config(text);
  fuzz_pieces(text);
  if (size >= 8)
    fuzz_float(data);
  return 0;
}

#include "sim_settings.hpp"

#include <cctype>
#include <cmath>

#include "sim_time.hpp"
#include "sk_text.hpp"

namespace meterhub::echonet_sim {

namespace {

/// Exactly `digits` hex digits.
std::optional<std::uint64_t> fixed_hex(const std::string& text, std::size_t digits) {
  return text.size() == digits ? parse_hex(text, digits) : std::nullopt;
}

struct checker {
  std::string error;

  void fail(const std::string& option, const std::string& value, const std::string& why) {
    if (error.empty())
      error = option + " " + value + ": " + why;
  }

  std::int64_t duration(const std::string& option, const std::string& value, bool may_be_negative = false) {
    const auto ms = parse_duration_ms(value);
    if (!ms || (*ms < 0 && !may_be_negative))
      fail(option, value, may_be_negative ? "takes a duration such as -3h, 90m, 1h30m, 250ms"
                                          : "takes a duration such as 0, 2s, 15m, 250ms");
    return ms.value_or(0);
  }
};

void check_module(const option_text& o, checker& c, module_options& m) {
  if (o.model != "bp35a1" && o.model != "bp35c2")
    c.fail("--model", o.model, "takes bp35a1 or bp35c2");
  m.model = o.model == "bp35c2" ? skstack::module_model::bp35c2 : skstack::module_model::bp35a1;
  const auto mac = fixed_hex(o.mac, 16), module_mac = fixed_hex(o.module_mac, 16);
  const auto channel = parse_hex(o.channel, 2), pan = parse_hex(o.pan, 4), lqi = parse_hex(o.lqi, 2);
  if (!mac)
    c.fail("--mac", o.mac, "takes 16 hex digits");
  if (!module_mac)
    c.fail("--module-mac", o.module_mac, "takes 16 hex digits");
  if (!channel || *channel < 0x21 || *channel > 0x3C)
    c.fail("--channel", o.channel, "takes a channel 21…3C (hex)");
  if (!pan)
    c.fail("--pan", o.pan, "takes 1-4 hex digits");
  if (!lqi)
    c.fail("--lqi", o.lqi, "takes 2 hex digits");
  if (!fixed_hex(o.pair_id, 8))
    c.fail("--pair-id", o.pair_id, "takes 8 hex digits");
  if (o.rbid.size() != 32)
    c.fail("--rbid", o.rbid, "takes exactly 32 characters");
  if (o.password.empty() || o.password.size() > 32 || o.password.find(' ') != std::string::npos)
    c.fail("--password", o.password, "takes 1-32 characters without spaces");
  if (o.wopt != "00" && o.wopt != "01")
    c.fail("--wopt", o.wopt, "takes 00 (binary ERXUDP) or 01 (hex)");
  if (!(o.scan_speed > 0) || !std::isfinite(o.scan_speed))
    c.fail("--scan-speed", std::to_string(o.scan_speed), "takes a factor above 0");
  if (o.scan_min_duration > 14)
    c.fail("--scan-min-duration", std::to_string(o.scan_min_duration), "takes 0…14");
  m.module_mac = module_mac.value_or(0);
  m.meter_mac = mac.value_or(0);
  m.channel = static_cast<std::uint8_t>(channel.value_or(0x21));
  m.pan_id = static_cast<std::uint16_t>(pan.value_or(0));
  m.lqi = static_cast<std::uint8_t>(lqi.value_or(0));
  m.pair_id = o.pair_id;
  m.route_b_id = o.rbid;
  m.password = o.password;
  m.wopt = o.wopt == "00" ? skstack::data_format::binary : skstack::data_format::hex;
  m.ropt = !o.no_ropt;
  m.scan_speed = o.scan_speed;
  m.scan_min_duration = o.scan_min_duration;
  m.meter_in_reach = !o.no_meter;
  m.reply_delay_ms = c.duration("--reply-delay", o.reply_delay);
  m.reauth_every_ms = c.duration("--reauth-every", o.reauth_every);
  m.reauth_ms = c.duration("--reauth-time", o.reauth_time);
  m.txlimit_every_ms = c.duration("--txlimit-every", o.txlimit_every);
  m.txlimit_ms = c.duration("--txlimit-for", o.txlimit_for);
  if (m.txlimit_every_ms > 0 && m.txlimit_ms >= m.txlimit_every_ms)
    c.fail("--txlimit-for", o.txlimit_for, "must be shorter than --txlimit-every");
  m.seed = o.seed;
  fault_plan plan;
  for (const auto& f : o.faults)
    if (!plan.set(f))
      c.fail("--fault", f, "takes silence|garble|drop-session|fail-send[:PERCENT]");
}

void check_meter(const option_text& o, checker& c, meter_options& m, std::int64_t now) {
  m.seed = o.seed;
  m.solar = o.solar;
  m.two_wire = o.two_wire;
  m.route_b_id = o.rbid;
  const auto unit = fixed_hex(o.unit, 2);
  if (!unit || !kwh_per_count(static_cast<std::uint8_t>(*unit)))
    c.fail("--unit", o.unit, "takes an E1 code: 00-04, 0A-0D");
  m.unit = static_cast<std::uint8_t>(unit.value_or(1));
  if (o.digits < 1 || o.digits > 8)
    c.fail("--digits", std::to_string(o.digits), "takes 1…8");
  m.digits = static_cast<std::uint8_t>(o.digits);
  const auto limit = static_cast<std::uint64_t>(std::llround(std::pow(10.0, o.digits)));
  if (o.start_energy >= limit)
    c.fail("--start-energy", std::to_string(o.start_energy), "must be below 10^digits");
  if (o.start_export >= limit)
    c.fail("--start-export", std::to_string(o.start_export), "must be below 10^digits");
  if (o.coefficient < 1 || o.coefficient > 999'999)
    c.fail("--coefficient", std::to_string(o.coefficient), "takes 1…999999");
  m.start_import = o.start_energy;
  m.start_export = o.start_export;
  m.coefficient = o.no_coefficient ? std::nullopt : std::optional<std::uint32_t>{std::max(o.coefficient, 1u)};
  m.clock_offset_ms = c.duration("--clock-offset", o.clock_offset, true);
  if (!o.start.empty()) {
    const auto start = parse_jst(o.start);
    if (!start)
      c.fail("--start", o.start, "takes YYYY-MM-DDThh:mm:ss (Japan time)");
    else if (o.clock_offset != "0")
      c.fail("--start", o.start, "and --clock-offset exclude each other");
    else
      m.clock_offset_ms = *start - now;
  }
}

} // namespace

settings_result finish_options(const option_text& o, std::int64_t now) {
  checker c;
  sim_settings s;
  check_module(o, c, s.module);
  check_meter(o, c, s.meter, now);
  if (!c.error.empty())
    return {std::nullopt, c.error};
  return {s, {}};
}

} // namespace meterhub::echonet_sim

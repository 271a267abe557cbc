#include "meter.hpp"

#include <algorithm>
#include <cmath>

#include "meterhub/echonet/property_map.hpp"
#include "sim_time.hpp"

namespace meterhub::echonet_sim {

namespace {

constexpr std::uint32_t no_data = 0xFFFFFFFE;
constexpr std::int64_t kept_ms = 100 * day_ms; ///< today and the 99 days history 1 reaches back

constexpr std::uint8_t get_map[] = {0x80, 0x81, 0x82, 0x88, 0x8A, 0x8D, 0x97, 0x98, 0x9D, 0x9E, 0x9F,
                                    0xC0, 0xD0, 0xD3, 0xD7, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE7,
                                    0xE8, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF};
constexpr std::uint8_t set_map[] = {0xE5, 0xED, 0xEF};
constexpr std::uint8_t inf_map[] = {0x80, 0x81, 0x88, 0xEA, 0xEB};

void put16(std::vector<std::uint8_t>& b, std::uint32_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

void put32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xFFFF);
}

std::uint16_t deci_amps(double watts, double share) {
  const auto v = std::lround(watts * share / 10.0); // W / 100 V = A, in 0.1 A
  return static_cast<std::uint16_t>(static_cast<std::int16_t>(std::clamp<long>(v, -32765, 32765)));
}

bool valid_setting(const std::vector<std::uint8_t>& edt, unsigned max_count, bool half_hours) {
  return edt.size() == 7 && read_jst_time(edt) && (!half_hours || edt[5] == 0 || edt[5] == 30) && edt[6] >= 1
         && edt[6] <= max_count;
}

} // namespace

std::optional<double> kwh_per_count(std::uint8_t unit) noexcept {
  switch (unit) {
    case 0x00: return 1.0;
    case 0x01: return 0.1;
    case 0x02: return 0.01;
    case 0x03: return 0.001;
    case 0x04: return 0.0001;
    case 0x0A: return 10.0;
    case 0x0B: return 100.0;
    case 0x0C: return 1000.0;
    case 0x0D: return 10'000.0;
    default: return std::nullopt;
  }
}

meter::meter(const meter_options& options, std::int64_t host_now_ms)
  : opt_(options), wh_per_count_(kwh_per_count(options.unit).value_or(0.1) * 1000 * options.coefficient.value_or(1)),
    ledger_(load_shape{options.seed, options.solar}, host_now_ms + options.clock_offset_ms,
            {(options.start_import + 0.5) * wh_per_count_, (options.start_export + 0.5) * wh_per_count_}, kept_ms) {
}

std::vector<std::int64_t> meter::advance_to(std::int64_t host_now_ms) {
  std::vector<std::int64_t> passed;
  ledger_.advance_to(host_now_ms + opt_.clock_offset_ms, &passed);
  return passed;
}

std::vector<std::int64_t> meter::jump(std::int64_t ms, std::int64_t host_now_ms) {
  opt_.clock_offset_ms += std::max<std::int64_t>(ms, 0);
  return advance_to(host_now_ms);
}

std::uint32_t meter::raw_of(double wh) const noexcept {
  // floor, then wrap at 10^digits (D7): a past before the register started reads as the counts before the wrap
  const auto modulus = static_cast<std::int64_t>(std::llround(std::pow(10.0, opt_.digits)));
  auto counts = static_cast<std::int64_t>(std::floor(wh / wh_per_count_)) % modulus;
  if (counts < 0)
    counts += modulus;
  return static_cast<std::uint32_t>(counts);
}

std::uint32_t meter::raw_at(std::int64_t minute_ms, bool reverse) const {
  const auto e = ledger_.at_minute(minute_ms);
  if (!e)
    return no_data;
  return raw_of(reverse ? e->export_wh : e->import_wh);
}

std::vector<std::uint8_t> meter::history1(bool reverse) const {
  std::vector<std::uint8_t> b;
  put16(b, history1_day_);
  const auto midnight = jst_midnight(clock_ms()) - history1_day_ * day_ms;
  for (int k = 0; k < 48; ++k)
    put32(b, raw_at(midnight + k * slot_ms, reverse));
  return b;
}

/// EC / EE: the setting's newest time, the count, and count pairs going back `step` each (spec §7, §9.6).
std::vector<std::uint8_t> meter::history_pairs(const std::vector<std::uint8_t>& setting, std::int64_t step) const {
  const auto newest = *read_jst_time(setting);
  std::vector<std::uint8_t> b;
  put_jst_time(b, newest, false);
  b.push_back(setting[6]);
  for (int j = 0; j < setting[6]; ++j) {
    put32(b, raw_at(newest - j * step, false));
    put32(b, raw_at(newest - j * step, true));
  }
  return b;
}

std::vector<std::uint8_t> meter::currents() const {
  std::vector<std::uint8_t> b;
  const auto w = static_cast<double>(power_w());
  if (opt_.two_wire) {
    put16(b, deci_amps(w, 1.0));
    put16(b, 0x7FFE); // spec §6: single-phase two-wire meters have no T phase
  } else {
    put16(b, deci_amps(w, 0.55));
    put16(b, deci_amps(w, 0.45));
  }
  return b;
}

/// The superclass and identification properties (0x80…0x9F, C0): constants, the clock and the property maps.
std::vector<std::uint8_t> meter::identity_edt(std::uint8_t epc) const {
  std::vector<std::uint8_t> b;
  switch (epc) {
    case 0x80: return {0x30};
    case 0x81: return {0x00};
    case 0x82: return {0x00, 0x00, 'R', 0x01};
    case 0x88: return {0x42};
    case 0x8A: return {0xFF, 0xFF, 0xFF}; // the code ECHONET reserves for experiments
    case 0x8D: {
      const auto serial = "SIM" + std::to_string(100'000'000 + opt_.seed % 900'000'000);
      return {serial.begin(), serial.end()};
    }
    case 0x97: put_jst_time(b, clock_ms(), false); return {b[4], b[5]};
    case 0x98: put_jst_time(b, clock_ms(), false); return {b[0], b[1], b[2], b[3]};
    case 0x9D: return echonet::encode_property_map(inf_map);
    case 0x9E: return echonet::encode_property_map(set_map);
    case 0x9F: {
      std::vector<std::uint8_t> epcs(std::begin(get_map), std::end(get_map));
      if (!opt_.coefficient)
        std::erase(epcs, std::uint8_t{0xD3});
      return echonet::encode_property_map(epcs);
    }
    case 0xC0: {
      b = {0x00, 0xFF, 0xFF, 0xFF}; // byte 0 ignored, the maker, then the id's last 13 characters (spec §9.6)
      const auto& id = opt_.route_b_id;
      for (auto i = id.size() - std::min<std::size_t>(id.size(), 13); i < id.size(); ++i)
        b.push_back(static_cast<std::uint8_t>(id[i]));
      return b;
    }
    default: return {};
  }
}

/// EC / EE and their settings: before a SetC the latest `count` slots, the readback with year FFFF.
std::vector<std::uint8_t> meter::history_edt(std::uint8_t epc) const {
  const bool two = epc == 0xEC || epc == 0xED;
  const auto& setting = two ? history2_setting_ : history3_setting_;
  if (epc == 0xED || epc == 0xEF)
    return setting.empty() ? std::vector<std::uint8_t>{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF} : setting;
  const auto step = two ? slot_ms : minute_ms;
  if (!setting.empty())
    return history_pairs(setting, step);
  std::vector<std::uint8_t> latest;
  put_jst_time(latest, floor_to(clock_ms(), step), false);
  latest.push_back(two ? 12 : 10);
  return history_pairs(latest, step);
}

std::vector<std::uint8_t> meter::edt_of(std::uint8_t epc) const {
  std::vector<std::uint8_t> b;
  const auto now = clock_ms();
  switch (epc) {
    case 0xD0: {
      const auto minute = floor_to(now, minute_ms);
      put_jst_time(b, minute, true);
      put32(b, raw_at(minute, false));
      put32(b, raw_at(minute, true));
      return b;
    }
    case 0xD3:
      if (opt_.coefficient)
        put32(b, *opt_.coefficient);
      return b;
    case 0xD7: return {opt_.digits};
    case 0xE0: put32(b, import_raw()); return b;
    case 0xE1: return {opt_.unit};
    case 0xE2: return history1(false);
    case 0xE3: put32(b, export_raw()); return b;
    case 0xE4: return history1(true);
    case 0xE5: return {history1_day_};
    case 0xE7: put32(b, static_cast<std::uint32_t>(power_w())); return b;
    case 0xE8: return currents();
    case 0xEA:
    case 0xEB: {
      const auto slot = floor_to(now, slot_ms);
      put_jst_time(b, slot, true);
      put32(b, raw_at(slot, epc == 0xEB));
      return b;
    }
    case 0xEC:
    case 0xED:
    case 0xEE:
    case 0xEF: return history_edt(epc);
    default: return identity_edt(epc);
  }
}

bool meter::set(const echonet::property& p) {
  if (p.epc == 0xE5 && p.edt.size() == 1 && p.edt[0] <= 99) {
    history1_day_ = p.edt[0];
    return true;
  }
  if (p.epc == 0xED && valid_setting(p.edt, 12, true)) {
    history2_setting_ = p.edt;
    return true;
  }
  if (p.epc == 0xEF && valid_setting(p.edt, 10, false)) {
    history3_setting_ = p.edt;
    return true;
  }
  return false;
}

std::optional<echonet::frame> meter::answer_node_profile(const echonet::frame& request) const {
  if (request.esv != echonet::esv::get)
    return std::nullopt;
  echonet::frame reply{request.tid, echonet::node_profile_eoj, request.seoj, echonet::esv::get_res, {}};
  for (const auto& p : request.properties) {
    std::vector<std::uint8_t> edt;
    switch (p.epc) {
      case 0x80: edt = {0x30}; break;
      case 0x82: edt = {0x01, 0x0D, 0x01, 0x00}; break;
      case 0x8A: edt = {0xFF, 0xFF, 0xFF}; break;
      case 0xD3: edt = {0x00, 0x00, 0x01}; break;
      case 0xD5:
      case 0xD6: edt = {0x01, 0x02, 0x88, 0x01}; break;
      default: break;
    }
    if (edt.empty())
      reply.esv = echonet::esv::get_sna;
    reply.properties.push_back({p.epc, std::move(edt)});
  }
  return reply;
}

std::optional<echonet::frame> meter::answer(const echonet::frame& request) {
  if (request.deoj == echonet::node_profile_eoj || request.deoj == echonet::eoj{0x0E, 0xF0, 0x00})
    return answer_node_profile(request);
  if (request.deoj != echonet::meter_eoj && request.deoj != echonet::eoj{0x02, 0x88, 0x00})
    return std::nullopt;
  using echonet::esv;
  echonet::frame reply{request.tid, echonet::meter_eoj, request.seoj, request.esv, {}};
  bool refused = false;
  switch (request.esv) {
    case esv::get:
    case esv::inf_req:
      for (const auto& p : request.properties) {
        auto edt = edt_of(p.epc);
        refused |= edt.empty(); // spec §9.4: a refused EPC comes back with PDC 0, the others with data
        reply.properties.push_back({p.epc, std::move(edt)});
      }
      if (request.esv == esv::get)
        reply.esv = refused ? esv::get_sna : esv::get_res;
      else
        reply.esv = refused ? esv::inf_sna : esv::inf;
      return reply;
    case esv::set_c:
    case esv::set_i:
      for (const auto& p : request.properties) {
        const bool ok = set(p);
        refused |= !ok;
        reply.properties.push_back({p.epc, ok ? std::vector<std::uint8_t>{} : p.edt});
      }
      if (request.esv == esv::set_i)
        return refused ? std::optional{(reply.esv = esv::set_i_sna, reply)} : std::nullopt;
      reply.esv = refused ? esv::set_c_sna : esv::set_res;
      return reply;
    default:
      return std::nullopt; // INFC_Res (spec §9.4) and the rest need no answer
  }
}

echonet::frame meter::fixed_time_inf(std::uint16_t tid) const {
  return {tid, echonet::meter_eoj, echonet::controller_eoj, echonet::esv::inf,
          {{0xEA, edt_of(0xEA)}, {0xEB, edt_of(0xEB)}}};
}

echonet::frame meter::instance_list_inf(std::uint16_t tid) {
  return {tid, echonet::node_profile_eoj, echonet::node_profile_eoj, echonet::esv::inf,
          {{0xD5, {0x01, 0x02, 0x88, 0x01}}}};
}

} // namespace meterhub::echonet_sim

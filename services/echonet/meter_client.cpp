#include "meter_client.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/echonet/history.hpp"
#include "meterhub/echonet/meter.hpp"
#include "meterhub/echonet/property_map.hpp"
#include "meterhub/echonet/readings.hpp"

namespace meterhub::echonet_service {

namespace {

using namespace std::chrono_literals;

/// While the session is down (re-authentication, transmit limit, rejoin), a request waits this long at most.
constexpr auto patience = 300s;

} // namespace

std::span<const std::uint8_t> edt_of(const std::vector<echonet::property>& props, std::uint8_t epc) {
  for (const auto& p : props)
    if (p.epc == epc)
      return p.edt;
  return {};
}

caf::expected<echonet::frame> meter_client::ask(const echonet::frame& request) {
  return link_.exchange(request, cfg_.reply_timeout, cfg_.attempts, patience);
}

caf::expected<std::vector<echonet::property>> meter_client::get(std::span<const std::uint8_t> epcs) {
  std::vector<echonet::property> out;
  for (std::size_t i = 0; i < epcs.size(); i += cfg_.max_epcs) {
    const auto part = epcs.subspan(i, std::min<std::size_t>(cfg_.max_epcs, epcs.size() - i));
    auto answer = ask(echonet::make_get(next_tid(), part));
    if (!answer)
      return answer.error();
    for (auto& p : answer->properties)
      out.push_back(std::move(p));
  }
  return out;
}

caf::error meter_client::set(echonet::property p) {
  const auto epc = p.epc;
  auto answer = ask(echonet::make_set_c(next_tid(), std::move(p)));
  if (!answer)
    return answer.error();
  if (echonet::is_not_possible(answer->esv))
    return make_error(routeb_errc::refused, fmt::format("the meter refused SetC {:02X}", epc));
  return {};
}

caf::expected<meter_identity> meter_client::identify() {
  static constexpr std::uint8_t epcs[] = {0xD3, 0xE1, 0xD7, 0x8A, 0x8D, 0x82, 0x9F};
  auto props = get(epcs);
  if (!props)
    return props.error();
  meter_identity id;
  auto scale = echonet::make_meter_scale(edt_of(*props, 0xD3), edt_of(*props, 0xE1));
  if (!scale)
    return scale.error();
  id.scale = *scale;
  if (auto d = echonet::decode_effective_digits(edt_of(*props, 0xD7)))
    id.digits = *d;
  if (auto m = echonet::decode_manufacturer_code(edt_of(*props, 0x8A)))
    id.manufacturer = fmt::format("{:06X}", *m);
  if (auto s = echonet::decode_serial_number(edt_of(*props, 0x8D)))
    id.serial = *s;
  if (auto v = echonet::decode_standard_version(edt_of(*props, 0x82)))
    id.version = *v;
  if (auto map = echonet::decode_property_map(edt_of(*props, 0x9F)))
    id.gettable.insert(map->begin(), map->end());
  return id;
}

caf::expected<meter_now> meter_client::clock() {
  static constexpr std::uint8_t epcs[] = {0x97, 0x98};
  auto props = get(epcs);
  if (!props)
    return props.error();
  auto time = echonet::decode_current_time(edt_of(*props, 0x97));
  auto date = echonet::decode_current_date(edt_of(*props, 0x98));
  if (!time)
    return time.error();
  if (!date)
    return date.error();
  auto t = *date;
  t.hour = time->hour;
  t.minute = time->minute;
  return meter_now{echonet::to_unix_ms(t), echonet::japan_utc_offset};
}

caf::expected<std::vector<reading>> meter_client::history(const history_read& read, const meter_identity& id) {
  std::vector<reading> out;
  if (read.what == history_read::kind::half_hours) {
    auto setting = echonet::history2_setting_property({read.newest, read.count});
    if (!setting)
      return setting.error();
    if (auto err = set(std::move(*setting)))
      return err;
    static constexpr std::uint8_t ec[] = {0xEC};
    auto props = get(ec);
    if (!props)
      return props.error();
    auto h = echonet::decode_history2(edt_of(*props, 0xEC));
    if (!h)
      return h.error();
    return echonet::history2_readings(*h, id.scale);
  }
  auto day = echonet::history1_day_property(read.days_back);
  if (!day)
    return day.error();
  if (auto err = set(std::move(*day)))
    return err;
  std::vector<std::uint8_t> epcs{0xE2};
  if (id.has(0xE4))
    epcs.push_back(0xE4);
  auto props = get(epcs);
  if (!props)
    return props.error();
  for (const auto epc : epcs) {
    const auto edt = edt_of(*props, epc);
    if (edt.empty())
      continue; // refused: a meter without export history
    auto h = echonet::decode_history1(edt);
    if (!h)
      return h.error();
    if (h->day != read.days_back)
      return make_error(routeb_errc::refused, fmt::format("history 1 came back for day {} instead of {}", h->day,
                                                          read.days_back));
    // history1_readings counts the EDT's day back from the meter's today itself.
    const auto today = civil_from_days(days_from_civil(read.day.year, read.day.month, read.day.day) + read.days_back);
    auto readings = echonet::history1_readings(epc, *h, today, id.scale);
    out.insert(out.end(), readings.begin(), readings.end());
  }
  return out;
}

} // namespace meterhub::echonet_service

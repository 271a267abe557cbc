#include "meterhub/echonet/history.hpp"

#include <string>

#include "bytes.hpp"
#include "checks.hpp"

namespace meterhub::echonet {

namespace {

constexpr std::size_t history1_size = 2 + 48 * 4;
constexpr std::size_t history2_header = 7; // YYYY(2) MM DD hh mm count
constexpr std::size_t history2_max_slots = 12;

caf::error check_history2_slot_time(const meter_date_time& t) {
  if (t.minute != 0 && t.minute != 30)
    return detail::bad_value("history 2 minute", t.minute);
  return {};
}

} // namespace

caf::expected<history1> decode_history1(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, history1_size, "history 1"))
    return err;
  history1 h;
  h.day = detail::be16(edt, 0);
  if (h.day > 99)
    return detail::bad_value("history 1 day", h.day);
  for (std::size_t k = 0; k < h.counts.size(); ++k)
    h.counts[k] = cumulative_sample(detail::be32(edt, 2 + 4 * k));
  return h;
}

caf::expected<std::optional<history2_setting>> decode_history2_setting(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 7, "history 2 setting"))
    return err;
  if (detail::be16(edt, 0) == 0xFFFF)
    return std::optional<history2_setting>{};
  auto newest = read_date_time(edt, false);
  if (!newest)
    return newest.error();
  if (auto err = check_history2_slot_time(*newest))
    return err;
  if (edt[6] < 1 || edt[6] > history2_max_slots)
    return detail::bad_value("history 2 count", edt[6]);
  return std::optional<history2_setting>{history2_setting{*newest, edt[6]}};
}

caf::expected<property> history2_setting_property(const history2_setting& s) {
  const auto& t = s.newest;
  if ((t.minute != 0 && t.minute != 30) || s.count < 1 || s.count > history2_max_slots)
    return make_error(echonet_errc::bad_argument, "history 2 needs minute 0 or 30 and 1…12 slots, got minute " +
                                                      std::to_string(t.minute) + ", " + std::to_string(s.count));
  std::vector<std::uint8_t> edt;
  detail::put16(edt, t.year);
  edt.insert(edt.end(), {t.month, t.day, t.hour, t.minute, s.count});
  return property{epc::history2_setting, std::move(edt)};
}

caf::expected<history2> decode_history2(std::span<const std::uint8_t> edt) {
  if (edt.size() < history2_header)
    return make_error(echonet_errc::bad_size, "history 2 of " + std::to_string(edt.size()) + " bytes");
  const std::size_t count = edt[6];
  if (count > history2_max_slots)
    return detail::bad_value("history 2 count", edt[6]);
  if (auto err = detail::expect_size(edt, history2_header + 8 * count, "history 2"))
    return err;
  auto newest = read_date_time(edt, false);
  if (!newest)
    return newest.error();
  history2 h{*newest, {}};
  for (std::size_t j = 0; j < count; ++j) {
    const auto at = history2_header + 8 * j;
    h.slots.push_back({cumulative_sample(detail::be32(edt, at)), cumulative_sample(detail::be32(edt, at + 4))});
  }
  return h;
}

} // namespace meterhub::echonet

#include "meterhub/echonet/history.hpp"

#include <string>

#include "bytes.hpp"
#include "checks.hpp"

namespace meterhub::echonet {

namespace {

constexpr std::size_t history1_size = 2 + 48 * 4;
constexpr std::size_t pairs_header = 7; // YYYY(2) MM DD hh mm count

/// What tells history 2 (EC/ED, half-hour slots, ≤ 12) from history 3 (EE/EF, minutes, ≤ 10) (spec §7, §9.6).
struct pairs_kind {
  const char* name;
  std::uint8_t setting_epc;
  std::uint8_t max_slots;
  bool half_hour; ///< the start minute must be 0 or 30
};

constexpr pairs_kind history2_kind{"history 2", epc::history2_setting, 12, true};
constexpr pairs_kind history3_kind{"history 3", epc::history3_setting, 10, false};

caf::error check_setting(const pairs_kind& k, const meter_date_time& t, unsigned count) {
  if (k.half_hour && t.minute != 0 && t.minute != 30)
    return detail::bad_value("history start minute", t.minute);
  if (count < 1 || count > k.max_slots)
    return detail::bad_value("history slot count", count);
  return {};
}

caf::expected<std::optional<history2_setting>> decode_setting(const pairs_kind& k,
                                                              std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 7, k.name))
    return err;
  if (detail::be16(edt, 0) == 0xFFFF) // not set yet (spec §9.6)
    return std::optional<history2_setting>{};
  auto newest = read_date_time(edt, false);
  if (!newest)
    return newest.error();
  if (auto err = check_setting(k, *newest, edt[6]))
    return err;
  return std::optional<history2_setting>{history2_setting{*newest, edt[6]}};
}

caf::expected<property> setting_property(const pairs_kind& k, const history2_setting& s) {
  if (auto err = check_setting(k, s.newest, s.count))
    return make_error(echonet_errc::bad_argument, std::string{k.name} + ": " + describe(err));
  std::vector<std::uint8_t> edt;
  detail::put16(edt, s.newest.year);
  edt.insert(edt.end(), {s.newest.month, s.newest.day, s.newest.hour, s.newest.minute, s.count});
  return property{k.setting_epc, std::move(edt)};
}

caf::expected<history2> decode_pairs(const pairs_kind& k, std::span<const std::uint8_t> edt) {
  if (edt.size() < pairs_header)
    return make_error(echonet_errc::bad_size, std::string{k.name} + " of " + std::to_string(edt.size()) + " bytes");
  const std::size_t count = edt[6];
  if (count > k.max_slots)
    return detail::bad_value("history slot count", edt[6]);
  if (auto err = detail::expect_size(edt, pairs_header + 8 * count, k.name))
    return err;
  auto newest = read_date_time(edt, false);
  if (!newest)
    return newest.error();
  history2 h{*newest, {}};
  for (std::size_t j = 0; j < count; ++j) {
    const auto at = pairs_header + 8 * j;
    h.slots.push_back({cumulative_sample(detail::be32(edt, at)), cumulative_sample(detail::be32(edt, at + 4))});
  }
  return h;
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
  return decode_setting(history2_kind, edt);
}

caf::expected<property> history2_setting_property(const history2_setting& s) {
  return setting_property(history2_kind, s);
}

caf::expected<history2> decode_history2(std::span<const std::uint8_t> edt) {
  return decode_pairs(history2_kind, edt);
}

caf::expected<std::optional<history2_setting>> decode_history3_setting(std::span<const std::uint8_t> edt) {
  return decode_setting(history3_kind, edt);
}

caf::expected<property> history3_setting_property(const history2_setting& s) {
  return setting_property(history3_kind, s);
}

caf::expected<history2> decode_history3(std::span<const std::uint8_t> edt) {
  return decode_pairs(history3_kind, edt);
}

} // namespace meterhub::echonet

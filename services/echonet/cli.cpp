#include "cli.hpp"

#include <array>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "error.hpp"
#include "meter_client.hpp"
#include "meterhub/echonet/readings.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/skstack/command.hpp"
#include "meterhub/skstack/parser.hpp"
#include "meterhub/wire/json.hpp"
#include "module_link.hpp"

namespace meterhub::echonet_service {

namespace {

using namespace std::chrono_literals;

std::optional<skstack::module_model> model_of(const std::string& name) {
  if (name == "bp35a1")
    return skstack::module_model::bp35a1;
  if (name == "bp35c2")
    return skstack::module_model::bp35c2;
  return std::nullopt;
}

module_settings settings_of(const target_options& t) {
  module_settings m;
  m.device = t.device;
  m.link.port = t.port;
  if (auto s = transport::serial_settings::parse(t.serial))
    m.link.serial = *s;
  m.link.model = model_of(t.model);
  m.session.route_b_id = t.route_b_id;
  m.session.password = t.password;
  if (!t.meter_mac.empty())
    m.session.meter_mac = std::stoull(t.meter_mac, nullptr, 16);
  m.session.first_scan_duration = static_cast<std::uint8_t>(t.first_duration);
  m.session.max_scan_duration = static_cast<std::uint8_t>(t.max_duration);
  m.reply_timeout = std::chrono::milliseconds{static_cast<long>(t.reply_timeout_s * 1000)};
  return m;
}

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-echonet: " << what << ": " << describe(err) << "\n";
  return 1;
}

/// A joined session with the meter's scale read, for one command.
struct joined {
  module_settings cfg;
  std::unique_ptr<module_link> link;
  std::unique_ptr<meter_client> client;
  meter_identity id;
  ~joined() {
    if (link)
      link->stop(5s);
  }
};

caf::expected<std::unique_ptr<joined>> join(const target_options& t) {
  auto j = std::make_unique<joined>();
  j->cfg = settings_of(t);
  link_events ev;
  ev.problem = [](const std::string& kind, const caf::error& err) {
    std::cerr << "meterhub-echonet: " << kind << ": " << describe(err) << "\n";
  };
  ev.state = [](skstack::session_state s) { std::cerr << "session: " << skstack::to_string(s) << "\n"; };
  auto link = module_link::open(j->cfg.link, j->cfg.session, std::nullopt, ev);
  if (!link)
    return link.error();
  j->link = std::move(*link);
  if (auto err = j->link->start())
    return err;
  const auto deadline = monotonic_ms() + static_cast<std::uint64_t>(t.join_timeout_s * 1000);
  while (j->link->state() != skstack::session_state::joined) {
    if (monotonic_ms() > deadline)
      return make_error(routeb_errc::not_joined, fmt::format("no session within {} s (last state {})",
                                                             t.join_timeout_s, skstack::to_string(j->link->state())));
    if (auto err = j->link->pump(200ms))
      return err;
  }
  j->client = std::make_unique<meter_client>(*j->link, j->cfg);
  auto id = j->client->identify();
  if (!id)
    return id.error();
  j->id = *id;
  return j;
}

void print(const target_options& t, const std::vector<reading>& readings) {
  for (const auto& r : readings)
    std::cout << wire::reading_line(t.device, r, t.json) << "\n";
}

} // namespace

int scan_pans(const target_options& t) {
  auto ep = transport::parse_endpoint(t.port);
  auto serial = transport::serial_settings::parse(t.serial);
  if (!ep || !serial)
    return fail("scan", make_error(routeb_errc::no_module, "bad --port or --serial"));
  auto stream = transport::open_endpoint(*ep, *serial, 5s);
  if (!stream)
    return fail("scan", stream.error());
  auto info = ask_info(**stream);
  if (!info)
    return fail("scan", info.error());
  const auto model = model_of(t.model).value_or(info->model());
  std::cerr << fmt::format("{} module, MAC {:016X}\n", model == skstack::module_model::bp35a1 ? "BP35A1" : "BP35C2",
                           info->mac);
  for (auto d = t.first_duration; d <= t.max_duration; ++d) {
    auto cmd = skstack::encode_scan(model, static_cast<std::uint8_t>(d));
    if (!cmd)
      return fail("scan", cmd.error());
    std::cerr << "SKSCAN duration " << d << "\n";
    if (auto err = (*stream)->write_all({reinterpret_cast<const char*>(cmd->data()), cmd->size()}, 2s))
      return fail("scan", err);
    skstack::reader reader{model};
    std::vector<skstack::pan_descriptor> heard;
    bool done = false;
    const auto deadline = monotonic_ms() + static_cast<std::uint64_t>(280.0 * ((1u << d) + 1)) + 10'000;
    std::array<char, 1024> buf{};
    while (!done && monotonic_ms() < deadline) {
      auto n = (*stream)->read_some(buf, 200ms);
      if (!n)
        return fail("scan", n.error());
      reader.feed({reinterpret_cast<const std::uint8_t*>(buf.data()), *n});
      while (auto msg = reader.next()) {
        if (!*msg)
          continue;
        if (auto* pan = std::get_if<skstack::pan_descriptor>(&**msg))
          heard.push_back(*pan);
        else if (auto* ev = std::get_if<skstack::event>(&**msg); ev && ev->code() == skstack::event_code::scan_done)
          done = true;
      }
    }
    for (const auto& p : heard) {
      if (t.json)
        std::cout << nlohmann::ordered_json{{"channel", p.channel},
                                            {"channel_page", p.channel_page},
                                            {"pan_id", fmt::format("{:04X}", p.pan_id)},
                                            {"mac", fmt::format("{:016X}", p.mac)},
                                            {"lqi", p.lqi},
                                            {"rssi_dbm", p.rssi_dbm()},
                                            {"pair_id", p.pair_id.value_or("")}}
                       .dump()
                  << "\n";
      else
        std::cout << fmt::format("channel {:02X} (MHz {:.1f})  PAN {:04X}  MAC {:016X}  LQI {}  RSSI {:.1f} dBm  "
                                 "pair id {}\n",
                                 p.channel, 922.5 + 0.2 * (p.channel - 33), p.pan_id, p.mac, p.lqi, p.rssi_dbm(),
                                 p.pair_id.value_or("-"));
    }
    if (!heard.empty())
      return 0;
  }
  std::cerr << "meterhub-echonet: no PAN answered up to duration " << t.max_duration << "\n";
  return 1;
}

int read_properties(const target_options& t, const std::vector<std::string>& texts) {
  std::vector<std::uint8_t> epcs;
  for (const auto& text : texts) {
    auto epc = parse_epc(text);
    if (!epc) {
      std::cerr << "meterhub-echonet read: --epc takes a hex byte such as E7, got \"" << text << "\"\n";
      return 2;
    }
    epcs.push_back(*epc);
  }
  if (epcs.empty())
    epcs = {0xE7, 0xE8, 0xE0, 0xE3, 0xEA, 0xEB};
  auto j = join(t);
  if (!j)
    return fail("read", j.error());
  auto props = (*j)->client->get(epcs);
  if (!props)
    return fail("read", props.error());
  int status = 0;
  for (const auto& p : *props) {
    std::string hex;
    for (auto b : p.edt)
      hex += fmt::format("{:02X}", b);
    std::cerr << fmt::format("EPC {:02X}: {}\n", p.epc, p.edt.empty() ? "refused" : hex);
    auto readings = echonet::readings_of(p, (*j)->id.scale, service::now_ms());
    if (!readings) {
      std::cerr << fmt::format("EPC {:02X}: {}\n", p.epc, describe(readings.error()));
      status = 1;
      continue;
    }
    print(t, *readings);
  }
  return status;
}

int read_history(const target_options& t, unsigned days) {
  auto j = join(t);
  if (!j)
    return fail("history", j.error());
  auto clock = (*j)->client->clock();
  if (!clock)
    return fail("history", clock.error());
  const auto offset = std::chrono::milliseconds{clock->utc_offset}.count();
  const auto today = (clock->unix_ms + offset) / day_ms;
  for (auto back = static_cast<int>(std::min(days, 100u)) - 1; back >= 0; --back) {
    history_read r;
    r.days_back = static_cast<std::uint8_t>(back);
    r.day = civil_from_days(today - back);
    auto readings = (*j)->client->history(r, (*j)->id);
    if (!readings)
      return fail(fmt::format("history day {}", back), readings.error());
    std::sort(readings->begin(), readings->end(),
              [](const reading& a, const reading& b) { return std::tie(a.time_ms, a.quantity) < std::tie(b.time_ms, b.quantity); });
    print(t, *readings);
  }
  return 0;
}

} // namespace meterhub::echonet_service

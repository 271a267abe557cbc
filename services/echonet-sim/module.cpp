#include "module.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

#include <fmt/format.h>

#include "meterhub/core/time.hpp"

namespace meterhub::echonet_sim {

namespace {

constexpr std::uint16_t echonet_port = 0x0E1A;
constexpr std::uint16_t pana_port = 0x02CC;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string t; in >> t;)
    out.push_back(t);
  return out;
}

template <class T>
bool hex(const std::string& text, T& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  return ec == std::errc{} && end == text.data() + text.size() && !text.empty();
}

std::string hex_of(const std::vector<std::uint8_t>& b) {
  std::string out;
  for (auto x : b)
    out += fmt::format("{:02X}", x);
  return out;
}

skstack::ipv6_address multicast_all() {
  return *skstack::parse_ipv6("FF02::1");
}

} // namespace

module::module(module_options options, meter& m, std::uint64_t seed)
  : opt_(std::move(options)), meter_(m), rng_(seed) {}

bool module::roll(unsigned percent) {
  return percent > 0 && std::uniform_int_distribution<unsigned>(0, 99)(rng_) < percent;
}

std::string module::meter_address() const {
  return skstack::to_string(skstack::link_local_from_mac(opt_.meter_mac));
}

void module::out(std::int64_t at, std::string line, bool cr_only) {
  if (roll(opt_.garble_percent) && line.size() > 4)
    line[line.size() / 2] = '#';
  line += cr_only ? "\r" : "\r\n";
  auto pos = std::upper_bound(queue_.begin(), queue_.end(), at,
                              [](std::int64_t t, const timed_write& w) { return t < w.due_ms; });
  queue_.insert(pos, {at, std::move(line)});
}

void module::event(std::int64_t at, unsigned number, const skstack::ipv6_address& sender, int param) {
  auto line = fmt::format("EVENT {:02X} {}", number, skstack::to_string(sender));
  if (opt_.model == skstack::module_model::bp35c2)
    line += " 0";
  if (param >= 0)
    line += fmt::format(" {:02X}", param);
  out(at, std::move(line));
}

void module::udp(std::int64_t at, const skstack::ipv6_address& dest, std::uint16_t port,
                 const std::vector<std::uint8_t>& data) {
  auto line = fmt::format("ERXUDP {} {} {:04X} {:04X} {:016X} ", meter_address(), skstack::to_string(dest), port,
                          port, opt_.meter_mac);
  if (opt_.model == skstack::module_model::bp35c2)
    line += fmt::format("{:02X} 1 0 {:04X} ", opt_.lqi, data.size());
  else
    line += fmt::format("1 {:04X} ", data.size());
  if (opt_.wopt == skstack::data_format::hex || !opt_.ropt)
    line += hex_of(data);
  else
    line.append(data.begin(), data.end());
  out(at, std::move(line));
}

void module::feed(std::string_view bytes, std::int64_t now) {
  input_.append(bytes);
  const std::size_t header_tokens = opt_.model == skstack::module_model::bp35c2 ? 7 : 6;
  while (!input_.empty()) {
    if (input_.rfind("SKSENDTO ", 0) == 0) {
      // SKSENDTO's payload is raw bytes of the given length: read them by count, never up to a CR LF.
      std::size_t pos = 0, tokens = 0;
      while (tokens < header_tokens && (pos = input_.find(' ', pos)) != std::string::npos) {
        ++tokens;
        ++pos;
      }
      const auto line_end = input_.find_first_of("\r\n");
      if (tokens < header_tokens && line_end == std::string::npos)
        return; // the header is not complete yet
      if (tokens == header_tokens && (line_end == std::string::npos || line_end >= pos)) {
        const auto header = input_.substr(0, pos - 1);
        auto args = split(header);
        std::size_t len = 0;
        if (!hex(args.back(), len) || args.back().size() != 4) {
          input_.erase(0, pos);
          if (echo_)
            out(now, header);
          out(now, "FAIL ER06");
          continue;
        }
        if (input_.size() < pos + len)
          return;
        const auto payload = input_.substr(pos, len);
        input_.erase(0, pos + len);
        ++commands_;
        if (echo_)
          out(now, header);
        args.erase(args.begin());
        send_to(args, payload, now);
        continue;
      }
    }
    const auto end = input_.find_first_of("\r\n");
    if (end == std::string::npos) {
      if (input_.size() > 4096)
        input_.clear(); // a line that never ends: the module drops it (ER09 territory)
      return;
    }
    auto line = input_.substr(0, end);
    std::size_t used = end + 1;
    if (input_[end] == '\r' && end + 1 < input_.size() && input_[end + 1] == '\n')
      ++used;
    input_.erase(0, used);
    if (!line.empty())
      command(line, now);
  }
}

void module::command(const std::string& line, std::int64_t now) {
  ++commands_;
  const auto args = split(line);
  const auto& name = args[0];
  const bool option_command = name == "ROPT" || name == "WOPT";
  if (echo_ && !option_command)
    out(now, line);
  const auto own = skstack::link_local_from_mac(opt_.module_mac);
  const bool c2 = opt_.model == skstack::module_model::bp35c2;
  if (name == "ROPT") {
    if (!opt_.ropt)
      return out(now, "FAIL ER04", true);
    return out(now, opt_.wopt == skstack::data_format::hex ? "OK 01" : "OK 00", true);
  }
  if (name == "WOPT") {
    if (!opt_.ropt)
      return out(now, "FAIL ER04", true);
    if (args.size() != 2 || (args[1] != "00" && args[1] != "01"))
      return out(now, "FAIL ER06", true);
    opt_.wopt = args[1] == "01" ? skstack::data_format::hex : skstack::data_format::binary;
    return out(now, "OK", true);
  }
  if (name == "SKINFO") {
    out(now, fmt::format("EINFO {} {:016X} {:02X} {:04X} {}", skstack::to_string(own), opt_.module_mac, s2_, s3_,
                         c2 ? "0" : "FFFE"));
    return out(now, "OK");
  }
  if (name == "SKVER") {
    out(now, "EVER 1.2.10");
    return out(now, "OK");
  }
  if (name == "SKAPPVER") {
    out(now, "EAPPVER rev26e");
    return out(now, "OK");
  }
  if (name == "SKRESET") {
    joined_ = false;
    echo_ = true;
    sa2_ = false;
    s2_ = 0;
    s3_ = 0;
    reauth_until_ = 0;
    return out(now, "OK");
  }
  if (name == "SKSREG") {
    if (args.size() < 2 || args.size() > 3)
      return out(now, "FAIL ER05");
    const auto& reg = args[1];
    unsigned value = 0;
    if (args.size() == 3 && !hex(args[2], value))
      return out(now, "FAIL ER06");
    if (reg == "SFE") {
      if (args.size() == 2)
        out(now, fmt::format("ESREG {:02X}", echo_ ? 1 : 0));
      else
        echo_ = value != 0;
    } else if (reg == "SA2") {
      if (args.size() == 2)
        out(now, fmt::format("ESREG {:02X}", sa2_ ? 1 : 0));
      else
        sa2_ = value != 0;
    } else if (reg == "S2") {
      if (args.size() == 2)
        out(now, fmt::format("ESREG {:02X}", s2_));
      else if (value < 0x21 || value > 0x3C)
        return out(now, "FAIL ER06");
      else
        s2_ = static_cast<std::uint8_t>(value);
    } else if (reg == "S3") {
      if (args.size() == 2)
        out(now, fmt::format("ESREG {:04X}", s3_));
      else
        s3_ = static_cast<std::uint16_t>(value);
    } else if (reg != "S16" && reg != "S17" && reg != "SFB" && reg != "SFD") {
      return out(now, "FAIL ER06");
    }
    return out(now, "OK");
  }
  if (name == "SKSETRBID") {
    if (args.size() != 2)
      return out(now, "FAIL ER05");
    if (args[1].size() != 32)
      return out(now, "FAIL ER06");
    rbid_ = args[1];
    return out(now, "OK");
  }
  if (name == "SKSETPWD") {
    if (args.size() != 3)
      return out(now, "FAIL ER05");
    std::size_t len = 0;
    if (!hex(args[1], len) || len != args[2].size() || len < 1 || len > 32)
      return out(now, "FAIL ER06");
    password_ = args[2];
    return out(now, "OK");
  }
  if (name == "SKSCAN") {
    if (args.size() != (c2 ? 5u : 4u))
      return out(now, "FAIL ER05");
    unsigned mode = 0, duration = 0;
    if (!hex(args[1], mode) || !hex(args[3], duration) || duration > 14)
      return out(now, "FAIL ER06");
    out(now, "OK");
    return scan(duration, now);
  }
  if (name == "SKLL64") {
    std::uint64_t mac = 0;
    if (args.size() != 2 || !hex(args[1], mac))
      return out(now, "FAIL ER06");
    return out(now, skstack::to_string(skstack::link_local_from_mac(mac)));
  }
  if (name == "SKJOIN") {
    if (args.size() != 2 || !skstack::parse_ipv6(args[1]))
      return out(now, "FAIL ER06");
    out(now, "OK");
    if (*skstack::parse_ipv6(args[1]) != skstack::link_local_from_mac(opt_.meter_mac) || !opt_.meter_in_reach) {
      event(now + 5000, 0x24, *skstack::parse_ipv6(args[1]));
      return;
    }
    return join(now);
  }
  if (name == "SKTERM") {
    if (!joined_)
      return out(now, "FAIL ER10");
    joined_ = false;
    out(now, "OK");
    return event(now + 200, 0x27, skstack::link_local_from_mac(opt_.meter_mac));
  }
  out(now, "FAIL ER04");
}

void module::scan(unsigned duration, std::int64_t now) {
  const auto total = static_cast<std::int64_t>(10.0 * ((1u << duration) + 1) * 28 / opt_.scan_speed);
  const auto own = skstack::link_local_from_mac(opt_.module_mac);
  if (opt_.meter_in_reach && duration >= opt_.scan_min_duration) {
    const auto at = now + total / 2;
    event(at, 0x20, skstack::link_local_from_mac(opt_.meter_mac));
    out(at, "EPANDESC");
    out(at, fmt::format("  Channel:{:02X}", opt_.channel));
    out(at, "  Channel Page:09");
    out(at, fmt::format("  Pan ID:{:04X}", opt_.pan_id));
    out(at, fmt::format("  Addr:{:016X}", opt_.meter_mac));
    out(at, fmt::format("  LQI:{:02X}", opt_.lqi));
    if (opt_.model == skstack::module_model::bp35c2)
      out(at, "  Side:0");
    out(at, "  PairID:" + opt_.pair_id);
  }
  event(now + total, 0x22, own);
}

void module::join(std::int64_t now) {
  const auto meter_ip = skstack::link_local_from_mac(opt_.meter_mac);
  event(now + 100, 0x21, meter_ip, 0x02);
  event(now + 150, 0x02, meter_ip);
  udp(now + 200, skstack::link_local_from_mac(opt_.module_mac), pana_port, {0x00, 0x00, 0x00, 0x10, 0x80, 0x00});
  if (rbid_ != opt_.route_b_id || password_ != opt_.password || s2_ != opt_.channel || s3_ != opt_.pan_id) {
    event(now + 500, 0x24, meter_ip);
    return;
  }
  event(now + 400, 0x25, meter_ip);
  joined_ = true;
  joined_at_ = now + 400;
  next_reauth_ = opt_.reauth_every_ms > 0 ? joined_at_ + opt_.reauth_every_ms : 0;
  if (opt_.txlimit_every_ms > 0 && next_txlimit_ == 0)
    next_txlimit_ = joined_at_ + opt_.txlimit_every_ms;
  // The node profile's instance list, multicast after the join (spec §5).
  const echonet::frame list{inf_tid_++, echonet::node_profile_eoj, echonet::node_profile_eoj, echonet::esv::inf,
                            {{0xD5, {0x01, 0x02, 0x88, 0x01}}}};
  udp(now + 600, multicast_all(), echonet_port, *echonet::encode(list));
}

void module::send_to(const std::vector<std::string>& args, const std::string& payload, std::int64_t now) {
  const bool c2 = opt_.model == skstack::module_model::bp35c2;
  auto ip = skstack::parse_ipv6(args.size() > 1 ? args[1] : "");
  unsigned port = 0;
  if (!ip || args[0] != "1" || !hex(args[2], port))
    return out(now, "FAIL ER06");
  const bool blocked = now < reauth_until_ || txlimited_;
  event(now + 20, 0x21, *ip, blocked ? 0x01 : 0x00);
  out(now + 25, "OK");
  if (blocked || !joined_ || port != echonet_port || *ip != skstack::link_local_from_mac(opt_.meter_mac))
    return;
  (void)c2;
  auto request = echonet::decode({reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()});
  if (!request)
    return;
  meter_.advance_to(now);
  auto reply = meter_.answer(*request);
  if (!reply || roll(opt_.silence_percent))
    return;
  ++answered_;
  udp(now + opt_.reply_delay_ms, skstack::link_local_from_mac(opt_.module_mac), echonet_port, *echonet::encode(*reply));
}

void module::tick(std::int64_t now) {
  const auto passed = meter_.advance_to(now);
  if (joined_ && !passed.empty() && now >= reauth_until_ && !txlimited_) {
    // The meter pushes EA / EB once per boundary, a little after it (spec §5: within about five minutes).
    udp(now + 1000, multicast_all(), echonet_port, *echonet::encode(meter_.fixed_time_inf(inf_tid_++)));
  }
  if (reauth_until_ != 0 && now >= reauth_until_) {
    reauth_until_ = 0;
    if (joined_)
      event(now, 0x25, skstack::link_local_from_mac(opt_.meter_mac));
    next_reauth_ = opt_.reauth_every_ms > 0 ? now + opt_.reauth_every_ms : 0;
  }
  if (joined_ && next_reauth_ != 0 && now >= next_reauth_ && reauth_until_ == 0)
    start_reauth(now);
  if (txlimited_ && txlimit_until_ != 0 && now >= txlimit_until_)
    set_txlimit(false, now);
  if (joined_ && next_txlimit_ != 0 && now >= next_txlimit_ && !txlimited_) {
    set_txlimit(true, now);
    txlimit_until_ = now + opt_.txlimit_ms;
    next_txlimit_ = now + opt_.txlimit_every_ms;
  }
}

void module::start_reauth(std::int64_t now) {
  if (!joined_)
    return;
  event(now, 0x29, skstack::link_local_from_mac(opt_.meter_mac));
  reauth_until_ = now + opt_.reauth_ms;
  next_reauth_ = 0;
}

void module::set_txlimit(bool on, std::int64_t now) {
  if (on == txlimited_)
    return;
  txlimited_ = on;
  txlimit_until_ = 0;
  event(now, on ? 0x32 : 0x33, skstack::link_local_from_mac(opt_.module_mac));
}

void module::lose_session(std::int64_t now) {
  if (!joined_)
    return;
  joined_ = false;
  reauth_until_ = 0;
  const auto meter_ip = skstack::link_local_from_mac(opt_.meter_mac);
  event(now, 0x26, meter_ip);
  event(now + 200, 0x27, meter_ip);
}

std::vector<std::string> module::due(std::int64_t now) {
  std::vector<std::string> out;
  while (!queue_.empty() && queue_.front().due_ms <= now) {
    out.push_back(std::move(queue_.front().bytes));
    queue_.pop_front();
  }
  return out;
}

std::optional<std::int64_t> module::next_due() const {
  if (queue_.empty())
    return std::nullopt;
  return queue_.front().due_ms;
}

std::string module::status() const {
  return fmt::format("clock {} import_raw {} power_w {} session {} reauth {} txlimit {} commands {} answered {}",
                     format_iso8601(meter_.clock_ms()), meter_.import_raw(), meter_.power_w(),
                     joined_ ? "joined" : "none", reauth_until_ != 0 ? 1 : 0, txlimited_ ? 1 : 0, commands_,
                     answered_);
}

} // namespace meterhub::echonet_sim

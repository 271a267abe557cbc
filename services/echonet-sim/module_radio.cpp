// What crosses the radio: the active scan, the PANA join and termination, and SKSENDTO with the meter's answer
// (MAN 4.7, 4.12, 5.1, 5.7; spec §2, §3, §9.2–§9.4).
#include <cmath>

#include "meterhub/echonet/frame.hpp"
#include "module.hpp"
#include "sk_text.hpp"

namespace meterhub::echonet_sim {

namespace {

constexpr int er_arguments = 5;
constexpr int er_format = 6;
constexpr int er_failed = 10;
constexpr unsigned first_channel = 0x21; ///< mask bit 0; 28 channels up to 0x3C
constexpr std::int64_t join_step_ms = 100;

/// Bytes that look like a PANA message: what the meter's authenticator sends on port 02CC during the join.
std::vector<std::uint8_t> pana_noise(std::uint64_t seed) {
  std::vector<std::uint8_t> b{0x00, 0x00, 0x00, 0x1C, 0x80, 0x02, 0x00, 0x00};
  for (int i = 0; i < 20; ++i)
    b.push_back(static_cast<std::uint8_t>((seed * 0x9E3779B97F4A7C15ull) >> (i % 8 * 8)) ^ static_cast<std::uint8_t>(i));
  return b;
}

} // namespace

void module::scan(const std::vector<std::string>& args, std::int64_t now) {
  const std::size_t wanted = opt_.model == skstack::module_model::bp35c2 ? 4 : 3;
  if (args.size() != wanted)
    return fail(er_arguments);
  const auto mode = parse_hex(args[0], 1);
  const auto mask = parse_hex(args[1], 8);
  const auto duration = parse_hex(args[2], 2);
  if (!mode || (*mode != 2 && *mode != 3) || !mask || args[1].size() != 8 || !duration || *duration > 14
      || (wanted == 4 && args[3] != "0" && args[3] != "1"))
    return fail(er_format);
  if (scanning_)
    return fail(er_failed);
  emit("OK");
  scanning_ = true;
  // MAN 4.12: 0.01 s × (2^D + 1) per channel, here divided by --scan-speed.
  const auto per_channel = static_cast<std::int64_t>(
    std::llround(10.0 * static_cast<double>((1u << *duration) + 1) / std::max(opt_.scan_speed, 0.001)));
  const bool heard = opt_.meter_in_reach && *duration >= opt_.scan_min_duration;
  const bool pair_id = *mode == 2; // mode 3 scans without the information element
  std::int64_t t = now;
  for (unsigned bit = 0; bit < 28; ++bit) {
    if (!(*mask >> bit & 1))
      continue;
    t += per_channel;
    if (heard && first_channel + bit == opt_.channel)
      at(t, [this, pair_id](std::int64_t) {
        event(0x20, meter_text_);
        emit("EPANDESC");
        emit("  Channel:" + hex(opt_.channel, 2));
        emit("  Channel Page:09");
        emit("  Pan ID:" + hex(opt_.pan_id, 4));
        emit("  Addr:" + hex(opt_.meter_mac, 16));
        emit("  LQI:" + hex(opt_.lqi, 2));
        if (opt_.model == skstack::module_model::bp35c2)
          emit("  Side:0");
        if (pair_id)
          emit("  PairID:" + opt_.pair_id);
      });
  }
  at(t, [this](std::int64_t) {
    scanning_ = false;
    event(0x22, module_text_);
  });
}

void module::join(const std::vector<std::string>& args, std::int64_t now) {
  if (args.size() != 1)
    return fail(er_arguments);
  const auto target = skstack::parse_ipv6(args[0]);
  if (!target)
    return fail(er_format);
  emit("OK");
  ++counts_.joins;
  state_ = session_state::joining;
  next_reauth_ = 0;
  reauth_until_ = 0;
  const bool radio = opt_.meter_in_reach && *target == skstack::link_local_from_mac(opt_.meter_mac)
                     && s2_ == opt_.channel && s3_ == opt_.pan_id;
  if (!radio) { // nobody answers the PANA start: the module gives up
    at(now + 5 * join_step_ms, [this](std::int64_t t) { finish_join(false, t); });
    return;
  }
  const bool accepted = rbid_ == opt_.route_b_id && password_ == opt_.password;
  at(now + join_step_ms, [this](std::int64_t) { event(0x21, meter_text_, 0x00); });
  at(now + 2 * join_step_ms, [this](std::int64_t) { udp(module_text_, 0x02CC, false, pana_noise(opt_.seed)); });
  at(now + 3 * join_step_ms, [this](std::int64_t) { event(0x21, meter_text_, 0x00); });
  at(now + 4 * join_step_ms, [this, accepted](std::int64_t t) { finish_join(accepted, t); });
}

void module::finish_join(bool accepted, std::int64_t now) {
  if (!accepted) {
    state_ = session_state::none;
    event(0x24, meter_text_);
    return;
  }
  state_ = session_state::joined;
  next_reauth_ = opt_.reauth_every_ms > 0 ? now + opt_.reauth_every_ms : 0;
  event(0x25, meter_text_);
  // Spec §2, §5: the node profile multicasts its instance list after the join.
  at(now + join_step_ms, [this](std::int64_t) {
    if (state_ != session_state::joined)
      return;
    if (const auto bytes = echonet::encode(meter::instance_list_inf(++meter_tid_)))
      udp("FF02:0000:0000:0000:0000:0000:0000:0001", 0x0E1A, false, *bytes);
  });
}

void module::terminate(std::int64_t now) {
  emit("OK");
  const bool had_session = state_ == session_state::joined || state_ == session_state::reauth;
  state_ = session_state::none;
  next_reauth_ = 0;
  reauth_until_ = 0;
  // EVENT 27 after a real termination; 28 (timed out, ended anyway) when there was none, so a client closing a
  // lost session is not left waiting (spec §9.2: it blocks until 27 or 28).
  at(now + join_step_ms, [this, had_session](std::int64_t) { event(had_session ? 0x27 : 0x28, meter_text_); });
}

void module::send_to(const command_input& in, const std::vector<std::string>& args, std::int64_t now) {
  const bool c2 = opt_.model == skstack::module_model::bp35c2;
  // args: HANDLE IPADDR PORT SEC [SIDE] DATALEN (the reader counted them)
  const auto handle = parse_hex(args[0], 1);
  const auto target = skstack::parse_ipv6(args[1]);
  const auto port = parse_hex(args[2], 4);
  const auto sec = parse_hex(args[3], 1);
  if (!handle || *handle < 1 || *handle > 6 || !target || !port || args[2].size() != 4 || !sec || *sec > 2
      || (c2 && args[4] != "0" && args[4] != "1"))
    return fail(er_format);
  const auto destination = skstack::to_string(*target);
  const bool to_meter = *target == skstack::link_local_from_mac(opt_.meter_mac);
  const bool in_session = state_ == session_state::joined;
  bool sent = !txlimited_ && state_ != session_state::reauth && !faults_.roll(fault_kind::fail_send, rng_);
  if (sent && *sec == 1 && !in_session)
    sent = false; // SEC 1 without a secured peer: not sent (spec §3)
  if (sent && !to_meter && !skstack::is_multicast(*target))
    sent = false; // nobody acknowledges
  event(0x21, destination, sent ? 0x00 : 0x01);
  emit("OK");
  if (!sent) {
    ++counts_.failed_sends;
    return;
  }
  if (!to_meter || *port != 0x0E1A)
    return;
  ++counts_.requests;
  if (!in_session) {
    ++counts_.unanswered; // a lost or absent session: the meter drops what it cannot authenticate
    return;
  }
  deliver(in.payload, now);
}

void module::deliver(const std::vector<std::uint8_t>& payload, std::int64_t now) {
  const auto request = echonet::decode(payload);
  if (!request) {
    ++counts_.unanswered;
    return;
  }
  if (faults_.roll(fault_kind::drop_session, rng_)) {
    ++counts_.unanswered;
    at(now + opt_.reply_delay_ms, [this](std::int64_t) {
      if (state_ == session_state::joined || state_ == session_state::reauth)
        end_session(session_loss::peer);
    });
    return;
  }
  if (faults_.roll(fault_kind::silence, rng_)) {
    ++counts_.unanswered;
    return;
  }
  const auto reply = meter_.answer(*request);
  if (!reply) {
    ++counts_.unanswered; // INFC_Res, a successful SetI, frames for other objects
    return;
  }
  auto bytes = echonet::encode(*reply);
  if (!bytes)
    return;
  at(now + opt_.reply_delay_ms, [this, bytes = std::move(*bytes)](std::int64_t) {
    if (state_ != session_state::joined && state_ != session_state::reauth)
      return; // the session went away while the meter was thinking
    ++counts_.served;
    udp(module_text_, 0x0E1A, true, bytes);
  });
}

} // namespace meterhub::echonet_sim

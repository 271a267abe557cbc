#pragma once

#include <optional>
#include <string>
#include <vector>

#include "meterhub/skstack/session.hpp"
#include "support.hpp"

namespace meterhub::skstack::test {

inline const char* route_b_id = "00112233445566778899AABBCCDDEEFF";

/// A session config for tests: 4…6 scan durations so escalation is visible quickly.
inline session_config config_for(module_model model) {
  session_config config;
  config.model = model;
  config.route_b_id = route_b_id;
  config.password = "0123456789AB";
  config.max_scan_duration = 6;
  return config;
}

/// The meter's PAN as the scan reports it.
inline pan_descriptor meter_pan(std::uint8_t lqi = 0xE1, std::uint64_t mac = 0x001D129012345678) {
  return pan_descriptor{0x21, 0x09, 0x8888, mac, lqi, std::nullopt, std::string{"00AABBCC"}};
}

/// Drives a session: feeds it lines (parsed like the reader would) and timers, and records what it asks for.
struct harness {
  explicit harness(module_model m = module_model::bp35a1, std::optional<pan_cache> cache = std::nullopt)
    : model(m), s(config_for(m), cache) {
  }

  harness(session_config config, std::optional<pan_cache> cache) : model(config.model), s(config, cache) {
  }

  module_model model;
  session s;
  std::uint64_t now = 0;
  std::vector<std::string> sent;
  std::vector<session_state> states;
  std::vector<std::optional<pan_cache>> caches;
  std::vector<skstack_errc> errors;
  std::vector<bytes> dropped;
  std::vector<udp_datagram> delivered;
  std::optional<start_timer> timer;

  void take(const actions& list) {
    for (const auto& a : list) {
      if (const auto* c = std::get_if<send_command>(&a))
        sent.emplace_back(c->data.begin(), c->data.end());
      else if (const auto* t = std::get_if<start_timer>(&a))
        timer = *t;
      else if (const auto* st = std::get_if<state_changed>(&a))
        states.push_back(st->state);
      else if (const auto* cc = std::get_if<cache_changed>(&a))
        caches.push_back(cc->cache);
      else if (const auto* e = std::get_if<report_error>(&a))
        errors.push_back(static_cast<skstack_errc>(e->error.code()));
      else if (const auto* d = std::get_if<frame_dropped>(&a))
        dropped.push_back(d->payload);
      else if (const auto* f = std::get_if<deliver_frame>(&a))
        delivered.push_back(f->datagram);
    }
  }

  void start() {
    take(s.start(now));
  }

  void line(const std::string& text) {
    auto msg = parse(model, text);
    if (!msg)
      FAIL(describe(msg.error()));
    take(s.on_message(*msg, now));
  }

  void feed(const message& msg) {
    take(s.on_message(msg, now));
  }

  void send(const std::string& payload) {
    take(s.send(bytes(payload.begin(), payload.end()), now));
  }

  /// Lets the latest timer fire at its due time.
  void fire() {
    REQUIRE(timer);
    now = timer->due_ms;
    auto t = *timer;
    timer.reset();
    take(s.on_timer(t.id, now));
  }

  /// The oldest command not yet checked; fails when there is none.
  std::string next_sent() {
    REQUIRE_FALSE(sent.empty());
    auto out = sent.front();
    sent.erase(sent.begin());
    return out;
  }

  /// The EVENT line of this model ("EVENT 25 <meter>" / "EVENT 25 <meter> 0").
  std::string event_line(const std::string& number, const std::string& param = {}) const {
    std::string out = "EVENT " + number + " " + meter_ip;
    if (model == module_model::bp35c2)
      out += " 0";
    if (!param.empty())
      out += " " + param;
    return out;
  }

  /// Answers reset, Route-B ID, password (and SA2 on BP35C2).
  void finish_setup() {
    CHECK(next_sent() == "SKRESET\r\n");
    line("OK");
    CHECK(next_sent() == std::string{"SKSETRBID "} + route_b_id + "\r\n");
    line("OK");
    CHECK(next_sent() == "SKSETPWD C 0123456789AB\r\n");
    line("OK");
    if (model == module_model::bp35c2) {
      CHECK(next_sent() == "SKSREG SA2 1\r\n");
      line("OK");
    }
  }

  /// Answers one scan that hears `pans`.
  void scan(const std::vector<pan_descriptor>& pans) {
    line("OK");
    for (const auto& pan : pans) {
      line(event_line("20"));
      feed(pan);
    }
    line(event_line("22"));
  }

  /// SKLL64, S2, S3, SKJOIN up to its OK.
  void join_commands(bool with_ll64 = true) {
    if (with_ll64) {
      CHECK(next_sent() == "SKLL64 001D129012345678\r\n");
      line(meter_ip);
    }
    CHECK(next_sent() == "SKSREG S2 21\r\n");
    line("OK");
    CHECK(next_sent() == "SKSREG S3 8888\r\n");
    line("OK");
    CHECK(next_sent() == std::string{"SKJOIN "} + meter_ip + "\r\n");
    line("OK");
  }

  /// From start to joined through one scan.
  void join() {
    start();
    finish_setup();
    next_sent();
    scan({meter_pan()});
    join_commands();
    line(event_line("25"));
    REQUIRE(s.state() == session_state::joined);
    states.clear();
  }

  /// The SKSENDTO this model writes for `payload`.
  std::string sendto(const std::string& payload) const {
    std::string side = model == module_model::bp35c2 ? " 0" : "";
    return std::string{"SKSENDTO 1 "} + meter_ip + " 0E1A 2" + side + " " + hex_length(payload.size()) + " "
           + payload;
  }

  static std::string hex_length(std::size_t n) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out(4, '0');
    for (int i = 3; i >= 0; --i, n >>= 4)
      out[static_cast<std::size_t>(i)] = digits[n & 0x0F];
    return out;
  }
};

} // namespace meterhub::skstack::test

#pragma once

#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "meterhub/core/time.hpp"
#include "meterhub/echonet/frame.hpp"
#include "meterhub/skstack/parser.hpp"
#include "module.hpp"

/// A module with its meter at a fixed host time, stepped by hand, and the client side's decoders (libs/skstack's
/// reader, libs/echonet's frame decoder) to read what it writes.
namespace meterhub::echonet_sim::test {

/// 2024-04-14 12:00:05 JST.
inline const std::int64_t t0 = unix_ms_from_utc(2024, 4, 14, 3, 0, 5);

inline const std::string meter_ll = "FE80:0000:0000:0000:021D:1290:1234:5678";

struct rig {
  explicit rig(module_options mo = {}, meter_options me = {})
    : now(t0), model(mo.model), the_meter(me, t0), the_module(mo, the_meter, t0) {}

  /// Writes `bytes` as the client, returns the lines written at once.
  std::vector<std::string> send(const std::string& bytes) {
    the_module.feed(bytes, now);
    return the_module.take_output();
  }
  /// Lets `ms` pass, returns the lines written meanwhile.
  std::vector<std::string> wait(std::int64_t ms) {
    std::vector<std::string> out;
    const auto until = now + ms;
    while (now < until) {
      now = std::min(until, now + 10);
      the_module.tick(now);
      for (auto& l : the_module.take_output())
        out.push_back(std::move(l));
    }
    return out;
  }
  /// ROPT … SKJOIN with the right credentials, echo off; returns everything written after SKJOIN's OK.
  std::vector<std::string> join() {
    send("SKSREG SFE 0\r\n");
    send("SKSETRBID 00112233445566778899AABBCCDDEEFF\r\n");
    send("SKSETPWD C 0123456789AB\r\n");
    send("SKSREG S2 21\r\n");
    send("SKSREG S3 8888\r\n");
    send("SKJOIN " + meter_ll + "\r\n");
    return wait(1000);
  }
  /// SKSENDTO of `f` to the meter (SEC 2), the EVENT 21 / OK lines.
  std::vector<std::string> send_frame(const echonet::frame& f) {
    const auto bytes = *echonet::encode(f);
    char len[8];
    std::snprintf(len, sizeof len, "%04zX", bytes.size());
    const std::string side = model == skstack::module_model::bp35c2 ? " 0" : "";
    return send("SKSENDTO 1 " + meter_ll + " 0E1A 2" + side + " " + len + " " + std::string(bytes.begin(), bytes.end()));
  }

  std::int64_t now;
  skstack::module_model model;
  meter the_meter;
  module the_module;
};

/// The messages libs/skstack's reader makes of `lines`.
inline std::vector<skstack::message> parse(skstack::module_model model, const std::vector<std::string>& lines) {
  skstack::reader reader{model};
  std::vector<skstack::message> out;
  for (const auto& l : lines) {
    reader.feed({reinterpret_cast<const std::uint8_t*>(l.data()), l.size()});
    while (auto m = reader.next()) {
      REQUIRE(*m);
      out.push_back(**m);
    }
  }
  return out;
}

/// The ECHONET frames of the ERXUDP lines among `lines` on port 0E1A.
inline std::vector<echonet::frame> frames_of(skstack::module_model model, const std::vector<std::string>& lines) {
  std::vector<echonet::frame> out;
  for (const auto& m : parse(model, lines))
    if (const auto* d = std::get_if<skstack::udp_datagram>(&m); d && d->remote_port == 0x0E1A) {
      auto f = echonet::decode(d->payload);
      REQUIRE(f);
      out.push_back(*f);
    }
  return out;
}

/// Sends a request and returns the meter's single answer.
inline echonet::frame ask(rig& r, const echonet::frame& request) {
  r.send_frame(request);
  const auto frames = frames_of(r.model, r.wait(200));
  REQUIRE(frames.size() == 1);
  return frames.front();
}

} // namespace meterhub::echonet_sim::test

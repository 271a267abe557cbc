// libFuzzer target for the SKSTACK-IP codec and session (libs/skstack). Input: a control byte (bit 0: BP35C2
// instead of BP35A1; bits 1-3: the chunk size, 1…8, in which the rest reaches the reader), then the module's byte
// stream. Every message the reader gives goes to a started session, each followed by the newest timer firing and
// by an ECHONET frame to send, so that the state machine walks whatever paths the bytes lead it into. Nothing may
// crash, the reader must give every byte back as messages or errors in bounded memory, and the session's queue stays
// within its limit.
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "meterhub/skstack/parser.hpp"
#include "meterhub/skstack/session.hpp"

using namespace meterhub;
using namespace meterhub::skstack;

namespace {

void require(bool condition) {
  if (!condition)
    std::abort();
}

/// The newest timer of the actions, if any.
std::optional<start_timer> newest_timer(const actions& acts) {
  std::optional<start_timer> out;
  for (const auto& a : acts)
    if (const auto* t = std::get_if<start_timer>(&a))
      out = *t;
  return out;
}

struct driver {
  session s;
  std::optional<start_timer> timer;
  std::uint64_t now = 1'000;
  std::size_t dropped = 0;

  explicit driver(const session_config& cfg) : s{cfg} { take(s.start(now)); }

  void take(const actions& acts) {
    if (auto t = newest_timer(acts))
      timer = t;
    for (const auto& a : acts)
      if (std::holds_alternative<frame_dropped>(a))
        ++dropped;
  }

  void step(const message& msg) {
    take(s.on_message(msg, now += 10));
    take(s.send(bytes{0x10, 0x81, 0x00, 0x01, 0x05, 0xFF, 0x01, 0x02, 0x88, 0x01, 0x62, 0x01, 0xE7, 0x00}, now));
    if (timer && timer->due_ms <= now + 60'000) {
      now = std::max(now, timer->due_ms);
      const auto id = timer->id;
      timer.reset();
      take(s.on_timer(id, now));
    }
    require(s.queued() <= 8);
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const auto model = (data[0] & 1) ? module_model::bp35c2 : module_model::bp35a1;
  const std::size_t chunk = 1 + ((data[0] >> 1) & 7);
  session_config cfg;
  cfg.model = model;
  cfg.route_b_id = "00112233445566778899AABBCCDDEEFF";
  cfg.password = "0123456789AB";
  cfg.queue_limit = 8;
  driver d{cfg};
  reader r{model};
  std::size_t messages = 0;
  for (std::size_t at = 1; at < size; at += chunk) {
    r.feed(std::span<const std::uint8_t>{data + at, std::min(chunk, size - at)});
    while (auto m = r.next()) {
      ++messages;
      require(messages <= 2 * size + 2); // a byte never turns into more than a couple of messages
      if (*m)
        d.step(**m);
    }
  }
  return 0;
}

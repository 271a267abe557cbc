#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <caf/expected.hpp>

#include "meterhub/echonet/frame.hpp"
#include "meterhub/skstack/parser.hpp"
#include "meterhub/skstack/session.hpp"
#include "meterhub/transport/transport.hpp"
#include "settings.hpp"

namespace meterhub::echonet_service {

/// What a link reports to its owner while it is pumped.
struct link_events {
  /// A frame from the meter that no `exchange` waits for: INF / INFC notifications, late or repeated replies.
  std::function<void(const echonet::frame&)> frame;
  std::function<void(skstack::session_state)> state;
  std::function<void(const std::optional<skstack::pan_cache>&)> cache;
  /// Something to count under `kind` ("bad_lines", "join_failed", "session_lost", ...) and log, rate-limited.
  std::function<void(const std::string& kind, const caf::error&)> problem;
};

/// One Wi-SUN module on its port: bytes from the port go through the SKSTACK-IP reader into the session, the
/// session's commands go back to the port, its one timer is kept here, and the meter's ECHONET frames come out.
/// Blocking, for a detached actor or a one-shot command: the owner calls `pump` (or `exchange`) in its loop.
class module_link {
public:
  /// Opens the port and asks the module who it is (SKINFO), which also tells the model when `link.model` is
  /// unset. `no_module` when nothing on the port answers like a module.
  static caf::expected<std::unique_ptr<module_link>> open(const link_settings& link,
                                                          const skstack::session_config& session,
                                                          std::optional<skstack::pan_cache> cache,
                                                          link_events events);
  ~module_link();

  /// Starts the session: reset, credentials, scan or the cached PAN, join.
  caf::error start();

  /// Reads for at most `max_wait` (less when the session's timer is due) and handles everything that arrived.
  /// An error means the port is gone; the owner drops the link and reopens it later.
  caf::error pump(std::chrono::milliseconds max_wait);

  /// Sends `request` and pumps until the meter's answer (same TID, objects swapped, EPCs in order). Each
  /// transmission waits `reply_timeout` while the session is joined (time in re-authentication or the transmit
  /// limit does not count); `no_answer` after `attempts`, `not_joined` when the session stays down for `patience`.
  /// Other frames arriving meanwhile go to `link_events::frame`.
  caf::expected<echonet::frame> exchange(const echonet::frame& request, std::chrono::milliseconds reply_timeout,
                                         unsigned attempts, std::chrono::milliseconds patience);

  /// Sends a frame that needs no answer (INFC_Res).
  caf::error send_frame(const echonet::frame& f);

  /// Ends the PANA session (SKTERM) and pumps until it is over or `timeout` passed.
  void stop(std::chrono::milliseconds timeout);

  skstack::session_state state() const noexcept { return session_.state(); }
  skstack::module_model model() const noexcept { return model_; }
  const skstack::info_reply& info() const noexcept { return info_; }
  const std::optional<skstack::pan_cache>& pan() const noexcept { return session_.cache(); }
  /// The latest link quality heard: a BP35C2 datagram's LQI, or the joined PAN's beacon during a scan.
  std::optional<std::uint8_t> lqi() const noexcept { return lqi_; }
  std::size_t queued() const noexcept { return session_.queued(); }
  const std::string& port() const noexcept { return stream_->describe(); }

private:
  module_link(std::unique_ptr<transport::byte_stream> stream, skstack::module_model model, skstack::info_reply info,
              const skstack::session_config& session, std::optional<skstack::pan_cache> cache, link_events events);
  caf::error carry_out(skstack::actions actions);
  caf::error carry_out_one(skstack::action& a);
  void deliver(const skstack::udp_datagram& datagram);
  void note_message(const skstack::message& msg);

  std::unique_ptr<transport::byte_stream> stream_;
  skstack::module_model model_;
  skstack::info_reply info_;
  skstack::reader reader_;
  skstack::session session_;
  link_events events_;
  std::optional<skstack::start_timer> timer_;
  std::optional<std::uint8_t> lqi_;
  std::optional<std::uint8_t> scan_lqi_; ///< the strongest beacon's LQI of the latest scan
  // exchange(): the request it waits for, its answer, and whether the session gave up on its transmission
  const echonet::frame* awaited_ = nullptr;
  std::vector<std::uint8_t> awaited_bytes_;
  std::optional<echonet::frame> answer_;
  bool dropped_ = false;
};

/// Asks the module on `stream` who it is (SKINFO), skipping the echo; `no_module` when nothing answers like one.
caf::expected<skstack::info_reply> ask_info(transport::byte_stream& stream);

/// Milliseconds of a monotonic clock, the session's `now`.
std::uint64_t monotonic_ms();

} // namespace meterhub::echonet_service

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "meterhub/skstack/address.hpp"
#include "meterhub/skstack/model.hpp"

/// The typed lines and blocks a SKSTACK-IP module writes (spec §1–§4). Replies and asynchronous lines share one
/// type so that a single reader routes each one (spec §1: never a request/response loop that drops the unexpected).
namespace meterhub::skstack {

/// `OK` or `OK <value>` (ROPT answers `OK 01` / `OK 00`); `value` is empty for a bare OK.
struct ok_reply {
  std::string value;
};

/// `FAIL ERxx`: 04 unsupported, 05 wrong argument count, 06 bad format or range, 09 UART input, 10 execution failed
/// (MAN ch. 9). Kept as the number so the session can tell ER04 to ROPT (old firmware) from a real failure.
struct fail_reply {
  std::uint8_t code = 0;
};

/// Event numbers of spec §4. `event::number` holds any value; these name the ones the session acts on.
enum class event_code : std::uint8_t {
  ns_received = 0x01,
  na_received = 0x02,
  echo_request = 0x05,
  energy_scan_done = 0x1F,
  beacon = 0x20,
  udp_sent = 0x21,
  scan_done = 0x22,
  pana_failed = 0x24,
  pana_joined = 0x25,
  peer_terminated = 0x26,
  session_terminated = 0x27,
  terminate_timed_out = 0x28,
  session_expired = 0x29,
  transmit_limited = 0x32,
  transmit_limit_lifted = 0x33,
  woke_up = 0xC0,
};

/// `EVENT <NUM> <SENDER> [<PARAM>]` (BP35A1) or `EVENT <NUM> <SENDER> <SIDE> [<PARAM>]` (BP35C2), all hex.
struct event {
  std::uint8_t number = 0;
  ipv6_address sender;
  std::optional<std::uint8_t> side;  ///< BP35C2 only
  std::optional<std::uint8_t> param; ///< EVENT 21: 00 sent, 01 failed, 02 neighbour solicitation first

  /// The number as the enum, for switch statements.
  event_code code() const noexcept {
    return static_cast<event_code>(number);
  }
};

/// One PAN heard during an active scan: the indented lines after `EPANDESC` (spec §2, MAN 5.7), fields by name.
struct pan_descriptor {
  std::uint8_t channel = 0;          ///< register S2 value, 0x21…0x3C
  std::uint8_t channel_page = 0;
  std::uint16_t pan_id = 0;          ///< register S3 value
  std::uint64_t mac = 0;             ///< the meter's 64-bit MAC (`Addr:`), the SKLL64 argument
  std::uint8_t lqi = 0;
  std::optional<std::uint8_t> side;  ///< BP35C2's `Side:` line
  std::optional<std::string> pair_id; ///< present when the beacon carries the information element

  /// RSSI in dBm = 0.275 × LQI − 104.27 (MOM, SMS citing MAN).
  double rssi_dbm() const noexcept {
    return 0.275 * lqi - 104.27;
  }

  friend bool operator==(const pan_descriptor&, const pan_descriptor&) = default;
};

/// `ERXUDP`, a received UDP datagram (spec §3, MAN 5.1), in either data format.
struct udp_datagram {
  ipv6_address sender;
  ipv6_address destination;          ///< FF02::1 for the meter's multicast notifications
  std::uint16_t remote_port = 0;     ///< RPORT, the meter's port (0E1A ECHONET Lite, 02CC PANA)
  std::uint16_t local_port = 0;      ///< LPORT
  std::uint64_t sender_mac = 0;      ///< SENDERLLA
  std::optional<std::uint8_t> lqi;   ///< BP35C2 only
  bool secured = false;              ///< the radio frame was encrypted
  std::optional<std::uint8_t> side;  ///< BP35C2 only
  std::vector<std::uint8_t> payload; ///< DATALEN bytes, decoded from hex when WOPT 01
  data_format format = data_format::hex;

  /// RSSI in dBm from the LQI (BP35C2), as MOM reports it.
  std::optional<double> rssi_dbm() const noexcept {
    if (!lqi)
      return std::nullopt;
    return 0.275 * *lqi - 104.27;
  }
};

/// SKLL64's answer: the address alone, with no `OK` after it (spec §9.2 step 9).
struct link_local_reply {
  ipv6_address address;
};

/// `EINFO <IPADDR> <ADDR64> <CHANNEL> <PANID> <ADDR16|SIDE>`, SKINFO's answer; the last field tells the model.
struct info_reply {
  ipv6_address address;
  std::uint64_t mac = 0;
  std::uint8_t channel = 0;
  std::uint16_t pan_id = 0;
  std::uint16_t last_field = 0; ///< 0xFFFE on BP35A1, the side index on BP35C2

  /// The model the last field names (spec §9.2 step 3).
  module_model model() const noexcept {
    return model_from_info(last_field);
  }
};

/// `EVER <version>` (SKVER) or `EAPPVER <version>` (SKAPPVER).
struct version_reply {
  bool application = false; ///< EAPPVER rather than EVER
  std::string version;
};

/// A command the module echoed back (register SFE = 1, the default; spec §1). The SKSENDTO echo is the command text
/// without its payload.
struct command_echo {
  std::string text;
};

/// Everything the reader hands out.
using message = std::variant<ok_reply, fail_reply, event, pan_descriptor, udp_datagram, link_local_reply,
                             info_reply, version_reply, command_echo>;

} // namespace meterhub::skstack

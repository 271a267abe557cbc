#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

/// VSCP GUIDs as vscp-python-p1-power-meter builds them (shared/specs/vscp.md §3).
namespace meterhub::vscp {

/// An Ethernet MAC address, most significant byte first.
struct mac_address {
  std::array<std::uint8_t, 6> bytes{};

  friend bool operator==(const mac_address&, const mac_address&) = default;
};

/// A 16-byte VSCP GUID, most significant byte first.
struct guid {
  std::array<std::uint8_t, 16> bytes{};

  friend bool operator==(const guid&, const guid&) = default;
};

/// "02:00:00:00:00:01": upper-case hexadecimal bytes joined by ':' (getmac's text, upper-cased by the script).
std::string to_string(const mac_address& mac);

/// "FF:FF:...:00:01": 16 upper-case hexadecimal bytes joined by ':', 47 characters (pyvscp `guid.getAsString`).
std::string to_string(const guid& g);

/// Parses 6 groups of 1 or 2 hexadecimal digits joined by ':' or '-' (one separator throughout), any case.
/// Surrounding whitespace is ignored. Error `bad_mac` otherwise.
caf::expected<mac_address> parse_mac(std::string_view text);

/// Parses 16 groups of 1 or 2 hexadecimal digits joined by ':', any case, as pyvscp's `setFromString` reads them
/// (`int(z, 16)` per group; more than two digits, which ctypes would wrap silently, are refused). Surrounding
/// whitespace is ignored. Error `bad_guid` naming the group at fault otherwise.
caf::expected<guid> parse_guid(std::string_view text);

/// `FF:FF:FF:FF:FF:FF:FF:FE:M5:M4:M3:M2:M1:M0:HI:LO`: the GUID the script gives value `id` on a host with `mac`
/// (pyvscp `guid.setGUIDFromMAC`).
guid mac_guid(const mac_address& mac, std::uint16_t id) noexcept;

/// A configured GUID with its two lowest bytes replaced by `id`, high byte first. The README promises a configured
/// GUID and says those two positions carry the value's id ("normally the GUID should have zeros in these
/// positions"), so each value keeps a GUID of its own as it had with the MAC GUID.
guid with_id(guid configured, std::uint16_t id) noexcept;

/// The GUID of value `id`: the configured GUID with the id when there is one (spec §10), otherwise the MAC GUID;
/// nullopt when neither is known (the bridge must be told the MAC: the library reads no interface).
std::optional<guid> event_guid(const std::optional<guid>& configured, const std::optional<mac_address>& mac,
                               std::uint16_t id) noexcept;

/// The warning to log at start when a GUID is configured: meterhub honours it as the README promises, while
/// vscp-python-p1-power-meter ignored it (inverted test in `initEvent`) and published the MAC GUID, which the text
/// names ("FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:HI:LO") so users can find the events of the original.
/// With the MAC unknown, the text says "<MAC>" in its place. It also says when the configured GUID's two lowest
/// bytes are not zero, because they are replaced by each value's id.
std::string configured_guid_warning(const guid& configured, const std::optional<mac_address>& mac);

} // namespace meterhub::vscp

#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/skstack/address.hpp"
#include "meterhub/skstack/model.hpp"

/// Encoders for the SKSTACK-IP commands the session sends (spec §2, §3). Each returns the exact bytes to write,
/// terminator included: CR LF for SK commands, CR alone for ROPT / WOPT (spec §1). Bytes rather than text because
/// SKSENDTO carries a raw payload.
namespace meterhub::skstack {

/// Bytes to write to the module.
using bytes = std::vector<std::uint8_t>;

/// The UDP port of ECHONET Lite (spec §3).
inline constexpr std::uint16_t echonet_port = 0x0E1A;

/// The UDP port of PANA, whose datagrams the session ignores (spec §3).
inline constexpr std::uint16_t pana_port = 0x02CC;

/// `SKRESET`: software reset of the module.
bytes encode_reset();

/// `SKINFO`: answered by EINFO, whose last field tells the model.
bytes encode_info();

/// `SKVER` (EVER) or, with `application`, `SKAPPVER` (EAPPVER).
bytes encode_version(bool application = false);

/// `SKSETPWD <len hex> <password>`, e.g. `SKSETPWD C 0123456789AB` (MAN 4.19). 1…32 characters, else
/// `bad_argument`.
caf::expected<bytes> encode_set_password(std::string_view password);

/// `SKSETRBID <id>`: the Route-B ID from the utility, exactly 32 characters (MAN 4.20), else `bad_argument`.
caf::expected<bytes> encode_set_route_b_id(std::string_view id);

/// `SKSCAN <mode> <mask> <duration>` (BP35A1) or `… <duration> <side>` (BP35C2). Mode 2 = active scan with IE,
/// mask FFFFFFFF = all channels; duration D = 0…14 (0.01 s × (2^D + 1) per channel, MAN 4.12), else `bad_argument`.
caf::expected<bytes> encode_scan(module_model model, std::uint8_t duration, std::uint32_t channel_mask = 0xFFFFFFFF,
                                 std::uint8_t mode = 2, std::uint8_t side = 0);

/// `SKSREG <register> <value>` with the value as given (`SKSREG SFE 0`, `SKSREG SA2 1`).
bytes encode_set_register(std::string_view name, std::string_view value);

/// `SKSREG S2 <channel>`, hex without padding (`21`), spec §9.2 step 10.
bytes encode_set_channel(std::uint8_t channel);

/// `SKSREG S3 <pan id>`, 4 hex digits.
bytes encode_set_pan_id(std::uint16_t pan_id);

/// `SKLL64 <16 hex MAC>`: asks the module for the meter's link-local address.
bytes encode_ll64(std::uint64_t mac);

/// `SKJOIN <IPv6>`: starts PANA authentication with the meter.
bytes encode_join(const ipv6_address& address);

/// `SKSENDTO <handle> <addr> <port> <sec> [<side>] <len> <payload>` (spec §3): port and length as 4 upper-case hex
/// digits, the side on BP35C2 only, then one space and the raw payload bytes with no terminator. `bad_argument`
/// for an empty payload, one longer than 0xFFFF bytes, or sec > 2.
caf::expected<bytes> encode_send_to(module_model model, const ipv6_address& address, std::uint16_t port,
                                    std::uint8_t security, std::span<const std::uint8_t> payload,
                                    std::uint8_t handle = 1, std::uint8_t side = 0);

/// `SKTERM`: ends the PANA session; EVENT 27 or 28 follows.
bytes encode_terminate();

/// `ROPT` + CR: reads the ERXUDP data format (`OK 00` / `OK 01`; FAIL ER04 on old firmware = hex).
bytes encode_read_option();

/// `WOPT <01|00>` + CR: writes the data format to flash (at most ~10 000 writes: only when ROPT differs).
bytes encode_write_option(data_format format);

} // namespace meterhub::skstack

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

/// The encrypted P1 envelope of Luxembourg Smarty (and some Austrian Sagemcom T210-D): a DLMS general-glo-ciphering
/// APDU with AES-128-GCM. See shared/specs/dsmr-p1.md §11.
namespace meterhub::dsmr {

using aes_key = std::array<std::uint8_t, 16>;

/// Smarty's fixed authentication key (Smarty P1 specification v1.1.3 §3.2.5).
inline constexpr aes_key smarty_default_auth_key = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                                    0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};

/// Keys for one meter. `auth_key` nullopt means "no AAD" (some producers encrypt without it).
struct smarty_keys {
  aes_key encryption_key{};
  std::optional<aes_key> auth_key = smarty_default_auth_key;
};

/// Parses 32 hex digits (either case) into a key; nullopt otherwise.
std::optional<aes_key> parse_aes_key(std::string_view hex) noexcept;

/// Builds one encrypted frame (0xDB 0x08 title, BER length 0x82 hi lo, SC 0x30, frame counter, ciphertext, 12-byte
/// tag) around a plaintext telegram. Used by the simulator and the tests.
std::string encrypt_smarty(std::string_view plaintext, const smarty_keys& keys, std::string_view system_title,
                           std::uint32_t frame_counter);

} // namespace meterhub::dsmr

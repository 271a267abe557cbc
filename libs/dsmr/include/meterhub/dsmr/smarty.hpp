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

/// Cuts encrypted envelopes out of a binary byte stream: hunts for 0xDB 0x08, checks the BER length and the
/// security byte 0x30, waits for the whole frame. Never masks bit 7 (the stream is binary).
class smarty_framer {
public:
  explicit smarty_framer(std::size_t max_length = 4096) : max_length_(max_length) {}
  void feed(std::string_view bytes);
  /// The next complete envelope (header, ciphertext and tag), if any.
  std::optional<std::string> next();
  std::uint64_t dropped_bytes() const noexcept { return dropped_; }

private:
  std::string buffer_;
  std::size_t max_length_;
  std::uint64_t dropped_ = 0;
};

/// The parts of an envelope, as views into it.
struct smarty_envelope {
  std::string_view system_title; ///< 8 bytes
  std::uint32_t frame_counter = 0;
  std::string_view ciphertext;
  std::string_view tag; ///< 12 bytes
};

/// Splits an envelope; `dsmr_errc::bad_envelope` when its structure is wrong.
caf::expected<smarty_envelope> parse_envelope(std::string_view frame);

/// Decrypts and authenticates an envelope; `dsmr_errc::decryption_failed` on a wrong key or tampered data.
caf::expected<std::string> decrypt_smarty(std::string_view frame, const smarty_keys& keys);

/// Builds one encrypted frame (0xDB 0x08 title, BER length 0x82 hi lo, SC 0x30, frame counter, ciphertext, 12-byte
/// tag) around a plaintext telegram. Used by the simulator and the tests.
std::string encrypt_smarty(std::string_view plaintext, const smarty_keys& keys, std::string_view system_title,
                           std::uint32_t frame_counter);

} // namespace meterhub::dsmr

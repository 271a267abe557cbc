#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// OBIS codes (IEC 62056-61), the platform's one vocabulary for quantities.
namespace meterhub {

/// A parsed OBIS code A-B:C.D.E*F. Groups are 0..255; F defaults to 255, which the canonical text omits.
struct obis_code {
  std::array<std::uint8_t, 6> groups{0, 0, 0, 0, 0, 255};

  constexpr std::uint8_t a() const noexcept { return groups[0]; }
  constexpr std::uint8_t b() const noexcept { return groups[1]; }
  constexpr std::uint8_t c() const noexcept { return groups[2]; }
  constexpr std::uint8_t d() const noexcept { return groups[3]; }
  constexpr std::uint8_t e() const noexcept { return groups[4]; }
  constexpr std::uint8_t f() const noexcept { return groups[5]; }

  /// Canonical text "A-B:C.D.E", with "*F" only when F is not 255.
  std::string to_string() const;

  /// Parses decimal "A-B:C.D.E" with an optional "*F" or "&F". Nullopt on anything else, including groups > 255.
  static std::optional<obis_code> parse(std::string_view text) noexcept;

  /// Builds a code from its groups (F = 255).
  static constexpr obis_code of(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint8_t e,
                                std::uint8_t f = 255) noexcept {
    return obis_code{{a, b, c, d, e, f}};
  }

  friend constexpr bool operator==(const obis_code&, const obis_code&) = default;
  friend constexpr auto operator<=>(const obis_code&, const obis_code&) = default;
};

} // namespace meterhub

#pragma once

#include <string>
#include <string_view>

/// Text that came from a device, made safe for the places that demand UTF-8.
namespace meterhub {

/// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

/// `bytes` as valid UTF-8: returned unchanged when it already is; otherwise read as ISO 8859-1, which is what meters
/// that do not speak UTF-8 send ("é" as 0xE9), so no byte is lost. Why: protobuf `string` fields and JSON must be
/// UTF-8, and one stray byte in a meter's text message would make a whole batch undecodable for every consumer.
std::string as_utf8(std::string_view bytes);

} // namespace meterhub

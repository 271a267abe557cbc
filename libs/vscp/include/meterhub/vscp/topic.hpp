#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <caf/error.hpp>

/// The `[MQTT] topic` template, filled the way the script's `str.format(xguid=..., xclass=..., xtype=...)` fills it
/// (shared/specs/vscp.md §4).
namespace meterhub::vscp {

/// The script's default template.
inline constexpr std::string_view default_topic_template = "vscp/{xguid}/{xclass}/{xtype}";

/// No error when `tmpl` uses only {xguid}, {xclass}, {xtype} and the escapes {{ and }}; error `bad_topic` naming the
/// offending field otherwise. Python would raise KeyError for an unknown name and ValueError for a lone brace and
/// publish nothing; format specs and conversions (`{xclass:04d}`, `{xtype!r}`) are refused too, as meterhub does
/// not implement them. The error's text starts with `key` ("MQTT.topic" for config.ini).
caf::error check_topic_template(std::string_view tmpl, std::string_view key = "topic");

/// The topic for one event; nullopt when `check_topic_template` refuses `tmpl`. An empty result means "do not
/// publish", as in the script.
std::optional<std::string> render_topic(std::string_view tmpl, std::string_view xguid, std::uint16_t xclass,
                                        std::uint16_t xtype);

/// True when an MQTT client may publish to `topic`: not empty, no wildcard `+` or `#`, no NUL, valid UTF-8, at most
/// 65535 bytes (MQTT 3.1.1 §4.7; paho refuses the rest, so the script sent nothing for such a note in no_vscp mode).
bool is_publishable_topic(std::string_view topic) noexcept;

} // namespace meterhub::vscp

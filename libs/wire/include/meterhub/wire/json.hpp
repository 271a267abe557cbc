#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "meterhub/core/reading.hpp"

namespace meterhub::wire {

/// The one JSON form of a reading, shared by `decode` subcommands, meterhubctl and the bridge:
/// {"device":"p1-x","quantity":"1-0:1.8.1","value":123456,"unit":"Wh","time":"2024-03-01T12:00:00Z","flags":["summer_time"]}
/// `value` is omitted for text readings, `text` present only when not empty, `flags` always (possibly empty).
nlohmann::ordered_json to_json(std::string_view device, const reading& r);

/// One line of a one-shot command's output: `to_json` compact, or a table row "quantity value unit time [flags]".
std::string reading_line(std::string_view device, const reading& r, bool json);

/// The names of the flags set in `flags`, in bit order.
nlohmann::json flag_names(std::uint32_t flags);

} // namespace meterhub::wire

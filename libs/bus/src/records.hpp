#pragma once

#include <optional>
#include <string>
#include <string_view>

/// Layout of spool and inbox records: u16 topic length (little endian), topic, payload.
namespace meterhub::bus::detail {

struct topic_payload {
  std::string topic;
  std::string payload;
};

std::string encode_record(std::string_view topic, std::string_view payload);
std::optional<topic_payload> decode_record(std::string_view record);

} // namespace meterhub::bus::detail

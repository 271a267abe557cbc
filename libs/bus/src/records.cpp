#include "records.hpp"

namespace meterhub::bus::detail {

std::string encode_record(std::string_view topic, std::string_view payload) {
  std::string out;
  out.reserve(2 + topic.size() + payload.size());
  out.push_back(static_cast<char>(topic.size() & 0xFF));
  out.push_back(static_cast<char>((topic.size() >> 8) & 0xFF));
  out.append(topic).append(payload);
  return out;
}

std::optional<topic_payload> decode_record(std::string_view record) {
  if (record.size() < 2)
    return std::nullopt;
  const std::size_t len = static_cast<unsigned char>(record[0]) | (static_cast<unsigned char>(record[1]) << 8);
  if (record.size() < 2 + len)
    return std::nullopt;
  return topic_payload{std::string{record.substr(2, len)}, std::string{record.substr(2 + len)}};
}

} // namespace meterhub::bus::detail

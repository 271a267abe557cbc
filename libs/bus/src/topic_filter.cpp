#include "meterhub/bus/bus.hpp"

namespace meterhub::bus {

namespace {

std::string_view next_level(std::string_view& rest, bool& more) {
  auto slash = rest.find('/');
  std::string_view level = rest.substr(0, slash);
  more = slash != std::string_view::npos;
  rest = more ? rest.substr(slash + 1) : std::string_view{};
  return level;
}

} // namespace

bool topic_matches(std::string_view filter, std::string_view topic) noexcept {
  if (filter.substr(0, 7) == "$share/") {
    auto group_end = filter.find('/', 7);
    if (group_end == std::string_view::npos)
      return false;
    filter = filter.substr(group_end + 1);
  }
  bool filter_more = true;
  bool topic_more = true;
  while (filter_more) {
    auto f = next_level(filter, filter_more);
    if (f == "#")
      return true;
    if (!topic_more)
      return false;
    auto t = next_level(topic, topic_more);
    if (f != "+" && f != t)
      return false;
  }
  return !topic_more;
}

bool uses_tls(const std::string& url) noexcept {
  return url.rfind("ssl://", 0) == 0 || url.rfind("mqtts://", 0) == 0 || url.rfind("wss://", 0) == 0;
}

} // namespace meterhub::bus

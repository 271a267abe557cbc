// The host MAC for VSCP GUIDs, found as getmac finds it for the script: the interface of the default route.
#include <fstream>
#include <sstream>

#include "vscp_settings.hpp"

namespace meterhub::bridge {

namespace {

std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

/// The interface whose /proc/net/route line has destination 00000000.
std::string default_route_interface() {
  std::ifstream in("/proc/net/route");
  std::string line;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name, destination;
    if (fields >> name >> destination && destination == "00000000")
      return name;
  }
  return {};
}

std::optional<vscp::mac_address> mac_of(const std::string& interface) {
  if (interface.empty() || interface == "lo")
    return std::nullopt;
  auto mac = vscp::parse_mac(first_line(std::filesystem::path{"/sys/class/net"} / interface / "address"));
  if (!mac || *mac == vscp::mac_address{})
    return std::nullopt;
  return *mac;
}

} // namespace

std::optional<vscp::mac_address> host_mac() {
  if (auto mac = mac_of(default_route_interface()))
    return mac;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/sys/class/net", ec)) {
    const auto name = entry.path().filename().string();
    if (first_line(entry.path() / "operstate") != "up")
      continue;
    if (auto mac = mac_of(name))
      return mac;
  }
  return std::nullopt;
}

} // namespace meterhub::bridge

#include "state_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "error.hpp"

namespace meterhub::echonet_service {

namespace {

using nlohmann::json;

caf::error bad_state(const std::filesystem::path& file, const std::string& why) {
  return make_error(routeb_errc::bad_state, file.string() + ": " + why);
}

json to_json(const skstack::pan_cache& p) {
  char mac[17];
  std::snprintf(mac, sizeof mac, "%016llX", static_cast<unsigned long long>(p.mac));
  return {{"channel", p.channel}, {"pan_id", p.pan_id}, {"mac", mac}, {"address", skstack::to_string(p.address)}};
}

caf::expected<skstack::pan_cache> pan_of(const json& j) {
  skstack::pan_cache p;
  p.channel = j.at("channel").get<std::uint8_t>();
  p.pan_id = j.at("pan_id").get<std::uint16_t>();
  p.mac = std::stoull(j.at("mac").get<std::string>(), nullptr, 16);
  auto address = skstack::parse_ipv6(j.at("address").get<std::string>());
  if (!address)
    return address.error();
  p.address = *address;
  return p;
}

} // namespace

caf::expected<module_memory> load_memory(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in)
    return module_memory{};
  try {
    const auto j = json::parse(in);
    module_memory m;
    if (j.contains("pan")) {
      auto pan = pan_of(j.at("pan"));
      if (!pan)
        return bad_state(file, "pan.address: " + describe(pan.error()));
      m.pan = *pan;
    }
    if (j.contains("last_import_slot_unix_ms"))
      m.last_import_slot_ms = j.at("last_import_slot_unix_ms").get<std::int64_t>();
    if (j.contains("last_export_slot_unix_ms"))
      m.last_export_slot_ms = j.at("last_export_slot_unix_ms").get<std::int64_t>();
    return m;
  } catch (const std::exception& e) {
    return bad_state(file, e.what());
  }
}

caf::error save_memory(const std::filesystem::path& file, const module_memory& m) {
  json j = json::object();
  if (m.pan)
    j["pan"] = to_json(*m.pan);
  if (m.last_import_slot_ms)
    j["last_import_slot_unix_ms"] = *m.last_import_slot_ms;
  if (m.last_export_slot_ms)
    j["last_export_slot_unix_ms"] = *m.last_export_slot_ms;
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  const auto tmp = file.string() + ".tmp";
  const auto text = j.dump(2) + "\n";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return bad_state(tmp, std::strerror(errno));
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(tmp.c_str(), file.c_str()) != 0)
    return bad_state(file, std::strerror(errno));
  return {};
}

} // namespace meterhub::echonet_service

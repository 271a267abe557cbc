#include "meterhub/profiles/profile.hpp"

#include <algorithm>

namespace meterhub::profiles {

std::string_view to_string(protocol p) noexcept {
  switch (p) {
    case protocol::modbus:
      return "modbus";
    case protocol::mercury23x:
      return "mercury23x";
  }
  return "unknown";
}

const register_def* profile::find(std::string_view name) const noexcept {
  auto it = std::find_if(registers.begin(), registers.end(), [&](const register_def& r) { return r.name == name; });
  return it == registers.end() ? nullptr : &*it;
}

bool is_valid_register_name(std::string_view name) noexcept {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

} // namespace meterhub::profiles

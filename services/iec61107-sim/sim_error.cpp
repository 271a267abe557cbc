#include "sim_error.hpp"

#include <caf/atom.hpp>

namespace meterhub::iec61107sim {

const char* to_string(sim_errc code) noexcept {
  switch (code) {
    case sim_errc::unknown_register:
      return "unknown_register";
    case sim_errc::bad_value:
      return "bad_value";
    case sim_errc::access_denied:
      return "access_denied";
    case sim_errc::bad_configuration:
      return "bad_configuration";
  }
  return "unknown";
}

int wire_code(const caf::error& err) noexcept {
  if (err.category() != caf::atom("iecsim") || err.code() == 0 || err.code() > 3)
    return 1;
  return err.code();
}

} // namespace meterhub::iec61107sim

namespace meterhub::iec61107sim {

std::string reason_of(const caf::error& err) {
  const auto& context = err.context();
  if (context.size() != 1 || !context.match_element<std::string>(0))
    return describe(err);
  const auto& text = context.get_as<std::string>(0);
  const auto colon = text.find(": ");
  return colon == std::string::npos ? text : text.substr(colon + 2);
}

} // namespace meterhub::iec61107sim

#include "meterhub/core/error.hpp"

#include <caf/atom.hpp>

namespace meterhub {

std::string describe(const caf::error& err) {
  if (!err)
    return {};
  const auto& context = err.context();
  if (context.size() != 1 || !context.match_element<std::string>(0))
    return caf::to_string(err);
  std::string out = caf::to_string(err.category());
  out += ": ";
  out += context.get_as<std::string>(0);
  return out;
}

} // namespace meterhub

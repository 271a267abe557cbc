#pragma once

#include <string>

namespace meterhub::mirror {

/// One MQTT message the mirror wants published. The library only builds them; the bridge publishes them in the
/// order given (a removal before the new config that replaces it, a value before its discovery config's update).
struct message {
  std::string topic;
  std::string payload; ///< empty with `retained` = clear the retained message (Home Assistant: remove the entity)
  bool retained = false;
  int qos = 1;

  friend bool operator==(const message&, const message&) = default;
};

} // namespace meterhub::mirror

#include "meterhub/service/command_router.hpp"

#include <map>
#include <memory>
#include <string>

#include <caf/all.hpp>

#include "meterhub/bus/bus.hpp"

namespace meterhub::service {

caf::actor spawn_command_router(caf::actor_system& sys) {
  auto owners = std::make_shared<std::map<std::string, caf::actor>>();
  return sys.spawn([owners](caf::event_based_actor* self) -> caf::behavior {
    return {
      [owners](register_atom, const std::string& device, const caf::actor& line) { (*owners)[device] = line; },
      [self, owners](bus::bus_message& msg) {
        const auto slash = msg.topic.rfind('/');
        auto it = owners->find(msg.topic.substr(slash + 1));
        if (it != owners->end())
          self->send(it->second, std::move(msg));
      },
    };
  });
}

} // namespace meterhub::service

#include "output_watch.hpp"

#include <caf/all.hpp>

namespace meterhub::bridge {

namespace {

struct output_series {
  metrics::gauge connected, queued;
  metrics::counter published, resent, refused, reconnects;

  explicit output_series(metrics::registry& reg)
    : connected(reg.make_gauge("meterhub_bridge_output_connected", "1 while the output broker connection is up")),
      queued(reg.make_gauge("meterhub_bridge_output_queued", "Derived messages waiting for the output broker")),
      published(reg.make_counter("meterhub_bridge_output_published_total", "Derived messages the broker took")),
      resent(reg.make_counter("meterhub_bridge_output_resent_total", "Messages sent again after a lost connection")),
      refused(reg.make_counter("meterhub_bridge_output_refused_total",
                               "Messages MQTT cannot carry (a wildcard in a topic), dropped")),
      reconnects(reg.make_counter("meterhub_bridge_output_reconnects_total", "Lost output connections")) {
  }

  void update(const bus::output_status& s) const {
    connected.set(s.connected ? 1 : 0);
    queued.set(static_cast<double>(s.queued));
    published.raise_to(s.published);
    resent.raise_to(s.resent);
    refused.raise_to(s.refused);
    reconnects.raise_to(s.reconnects);
  }
};

using watch_atom = caf::atom_constant<caf::atom("watchout")>;

constexpr auto watch_interval = std::chrono::milliseconds(500);

caf::behavior output_watcher(caf::event_based_actor* self, bus::output_actor output, output_series series,
                             metrics::health* health) {
  self->monitor(output);
  self->set_down_handler([self, health](const caf::down_msg&) {
    health->set("output", metrics::health_status::failing, "output actor stopped");
    self->quit();
  });
  self->send(self, watch_atom::value);
  return {
    [=](watch_atom) {
      self->request(output, 4 * watch_interval, bus::status_atom::value)
        .then(
          [=](const bus::output_status& s) {
            series.update(s);
            health->set("output", s.connected ? metrics::health_status::ok : metrics::health_status::degraded,
                        s.connected ? "" : "output broker unreachable: " + s.last_error);
          },
          [=](const caf::error&) {
            health->set("output", metrics::health_status::failing, "output actor not answering");
          });
      self->delayed_send(self, watch_interval, watch_atom::value);
    },
  };
}

} // namespace

void watch_output(caf::actor_system& sys, bus::output_actor output, service::observability& obs) {
  obs.health.set("output", metrics::health_status::degraded, "connecting");
  sys.spawn(output_watcher, std::move(output), output_series{obs.registry}, &obs.health);
}

} // namespace meterhub::bridge

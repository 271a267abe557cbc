#include "writer.hpp"

#include <caf/all.hpp>

#include "meterhub/logging/logging.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/v1/status.pb.h"
#include "meterhub/wire/convert.hpp"

namespace meterhub::storage_service {

namespace {

using flush_atom = caf::atom_constant<caf::atom("flush")>;

struct writer_counters {
  metrics::counter written, duplicates, malformed, write_errors, states;
  metrics::histogram commit_seconds;
};

struct writer_state {
  static inline const char* name = "meterhub.storage.writer";
  std::shared_ptr<storage::reading_store> store;
  writer_settings settings;
  std::shared_ptr<bus::bus_actor> bus;
  writer_counters counters;
  std::vector<reading_batch> pending;
  std::vector<std::uint64_t> pending_ids;
  std::size_t pending_readings = 0;
  bool flush_scheduled = false;
  logging::rate_limiter limiter;
  std::shared_ptr<spdlog::logger> log = logging::get("storage");
};

using writer_pointer = caf::stateful_actor<writer_state>*;

void ack(writer_pointer self, const bus::bus_message& msg) {
  if (msg.durable)
    self->send(*self->state.bus, bus::ack_atom::value, msg.inbox_id);
}

void flush(writer_pointer self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.pending.empty())
    return;
  const auto started = std::chrono::steady_clock::now();
  auto stats = st.store->write(st.pending);
  if (!stats) {
    st.counters.write_errors.inc();
    std::uint64_t held = 0;
    if (st.limiter.allow("write", service::now_ms(), held))
      st.log->error("cannot write {} readings, retrying in 1 s: {}{}", st.pending_readings, describe(stats.error()),
                    logging::suppressed_note(held));
    st.flush_scheduled = true;
    self->delayed_send(self, std::chrono::seconds(1), flush_atom::value);
    return;
  }
  st.counters.commit_seconds.observe(
    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  st.counters.written.inc(stats->inserted);
  st.counters.duplicates.inc(stats->duplicates);
  for (auto id : st.pending_ids)
    self->send(*st.bus, bus::ack_atom::value, id);
  st.pending.clear();
  st.pending_ids.clear();
  st.pending_readings = 0;
}

void take_readings(writer_pointer self, bus::bus_message& msg) {
  auto& st = self->state;
  auto batch = wire::decode_batch(msg.payload);
  if (!batch) {
    st.counters.malformed.inc();
    std::uint64_t held = 0;
    if (st.limiter.allow("malformed", service::now_ms(), held))
      st.log->warn("dropping a malformed message on {}: {}{}", msg.topic, describe(batch.error()),
                   logging::suppressed_note(held));
    ack(self, msg); // it can never succeed: keeping it would block nothing but would replay forever
    return;
  }
  st.pending_readings += batch->readings.size();
  st.pending.push_back(std::move(*batch));
  if (msg.durable)
    st.pending_ids.push_back(msg.inbox_id);
  if (st.pending_readings >= st.settings.batch_readings) {
    flush(self);
  } else if (!st.flush_scheduled) {
    st.flush_scheduled = true;
    self->delayed_send(self, st.settings.flush_interval, flush_atom::value);
  }
}

void take_state(writer_pointer self, const bus::bus_message& msg, const std::string& device) {
  auto& st = self->state;
  v1::DeviceState state;
  if (!state.ParseFromString(msg.payload)) {
    st.counters.malformed.inc();
    ack(self, msg);
    return;
  }
  if (auto err = st.store->put_device_state(device, msg.payload, state.updated_unix_ms()))
    st.log->error("cannot store the state of {}: {}", device, describe(err));
  else
    st.counters.states.inc();
  ack(self, msg);
}

caf::behavior writer(writer_pointer self, std::shared_ptr<storage::reading_store> store, writer_settings settings,
                     std::shared_ptr<bus::bus_actor> bus, writer_counters counters) {
  auto& st = self->state;
  st.store = std::move(store);
  st.settings = std::move(settings);
  st.bus = std::move(bus);
  st.counters = counters;
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    flush(self); // commit what is pending before going; unacknowledged records would replay anyway
    self->quit(msg.reason);
  });
  return {
    [self](bus::bus_message& msg) {
      const auto& topics = self->state.settings.topics;
      if (auto device = topics.device_of(msg.topic, "state"))
        take_state(self, msg, *device);
      else
        take_readings(self, msg);
    },
    [self](flush_atom) { flush(self); },
  };
}

} // namespace

caf::actor spawn_writer(caf::actor_system& sys, std::unique_ptr<storage::reading_store> store,
                        writer_settings settings, std::shared_ptr<bus::bus_actor> bus, metrics::registry& m) {
  writer_counters counters{
    m.make_counter("meterhub_storage_readings_written_total", "Readings inserted"),
    m.make_counter("meterhub_storage_duplicates_total", "Readings already stored (redelivered), skipped"),
    m.make_counter("meterhub_storage_malformed_total", "Bus messages that could not be decoded, dropped"),
    m.make_counter("meterhub_storage_write_errors_total", "Failed transactions (retried)"),
    m.make_counter("meterhub_storage_device_states_total", "Device states stored"),
    m.make_histogram("meterhub_storage_commit_seconds", "Duration of one batched transaction",
                     {0.001, 0.005, 0.02, 0.1, 0.5, 2}),
  };
  return sys.spawn<caf::detached>(writer, std::shared_ptr<storage::reading_store>{std::move(store)},
                                  std::move(settings), std::move(bus), counters);
}

} // namespace meterhub::storage_service

#include "injector.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <caf/all.hpp>

#include "commands.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/convert.hpp"

namespace meterhub::um40_service {

namespace {

using flush_atom = caf::atom_constant<caf::atom("flush")>;

struct injector_counters {
  metrics::counter records, readings_used, readings_unmapped, readings_dropped, unlisted, malformed, write_errors;
  metrics::histogram commit_seconds;
};

struct injector_state {
  static inline const char* name = "meterhub.um40.injector";
  std::shared_ptr<um40::target> target;
  std::shared_ptr<profile_store> profiles;
  injector_settings settings;
  std::shared_ptr<bus::bus_actor> bus;
  injector_counters counters;
  std::map<std::string, um40::device_assignment, std::less<>> devices;
  std::unique_ptr<um40::reading_mapper> mapper;
  std::set<std::string, std::less<>> provisioned; ///< devices whose meter and config rows exist
  std::set<std::string, std::less<>> to_provision;
  std::vector<std::vector<um40::statement>> pending; ///< the statements of each pending record
  std::vector<std::uint64_t> pending_ids;
  bool flush_scheduled = false;
  std::chrono::milliseconds retry_pause{0};
  logging::rate_limiter limiter;
  std::shared_ptr<spdlog::logger> log = logging::get("um40");
};

using injector_pointer = caf::stateful_actor<injector_state>*;

void warn(injector_pointer self, std::string_view key, const std::string& text) {
  std::uint64_t held = 0;
  if (self->state.limiter.allow(key, service::now_ms(), held))
    self->state.log->warn("{}{}", text, logging::suppressed_note(held));
}

/// The meter and config rows of devices seen since the last commit.
caf::error provision(injector_state& st) {
  for (auto it = st.to_provision.begin(); it != st.to_provision.end();) {
    const auto& who = st.devices.find(*it)->second;
    if (auto err = ensure_meter(*st.target, who.meter))
      return err;
    auto config = um40::device_config(who); // checked when the configuration was read
    auto rows = um40::write_record(*config, false);
    if (auto err = st.target->write(*rows))
      return err;
    st.provisioned.insert(*it);
    it = st.to_provision.erase(it);
  }
  return {};
}

/// Writes the pending records, `batch_records` per transaction.
caf::error write_pending(injector_state& st) {
  if (auto err = provision(st))
    return err;
  std::vector<um40::statement> batch;
  std::size_t records = 0;
  for (std::size_t i = 0; i < st.pending.size(); ++i) {
    batch.insert(batch.end(), st.pending[i].begin(), st.pending[i].end());
    if (++records < st.settings.batch_records && i + 1 < st.pending.size())
      continue;
    if (auto err = st.target->write(batch))
      return err;
    batch.clear();
    records = 0;
  }
  return {};
}

/// Writes the pending records, then the profile points they moved: both are safe before anything is acknowledged.
caf::error commit(injector_state& st) {
  if (auto err = write_pending(st))
    return err;
  if (auto err = st.profiles->save(st.mapper->unsaved_profiles()))
    return err;
  st.mapper->profiles_saved();
  return {};
}

void schedule(injector_pointer self, std::chrono::milliseconds after) {
  if (self->state.flush_scheduled)
    return;
  self->state.flush_scheduled = true;
  self->delayed_send(self, after, flush_atom::value);
}

void flush(injector_pointer self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.pending.empty() && st.pending_ids.empty())
    return;
  const auto started = std::chrono::steady_clock::now();
  if (auto err = commit(st)) {
    st.counters.write_errors.inc();
    st.retry_pause = std::clamp(st.retry_pause * 2, std::chrono::milliseconds{1000}, st.settings.max_retry_pause);
    warn(self, "write", fmt::format("cannot write {} records to {}, retrying in {} ms: {}", st.pending.size(),
                                    st.target->where(), st.retry_pause.count(), describe(err)));
    schedule(self, st.retry_pause);
    return;
  }
  if (st.retry_pause.count() > 0)
    st.log->info("{} reachable again; {} records written", st.target->where(), st.pending.size());
  st.retry_pause = std::chrono::milliseconds{0};
  st.counters.commit_seconds.observe(
    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  st.counters.records.inc(st.pending.size());
  for (auto id : st.pending_ids)
    self->send(*st.bus, bus::ack_atom::value, id);
  st.pending.clear();
  st.pending_ids.clear();
}

void ack_now(injector_pointer self, const bus::bus_message& msg) {
  if (msg.durable)
    self->send(*self->state.bus, bus::ack_atom::value, msg.inbox_id);
}

void take(injector_pointer self, const bus::bus_message& msg) {
  auto& st = self->state;
  auto batch = wire::decode_batch(msg.payload);
  if (!batch) {
    st.counters.malformed.inc();
    warn(self, "malformed", "dropping a malformed message on " + msg.topic + ": " + describe(batch.error()));
    ack_now(self, msg); // it can never succeed; keeping it would replay it forever
    return;
  }
  auto who = st.devices.find(batch->device);
  if (who == st.devices.end()) { // a retained inbox record from an older device list, or a wider filter
    st.counters.unlisted.inc();
    ack_now(self, msg);
    return;
  }
  auto mapped = st.mapper->map(who->second, batch->readings);
  st.counters.readings_used.inc(mapped.used);
  st.counters.readings_unmapped.inc(mapped.unmapped);
  st.counters.readings_dropped.inc(mapped.dropped);
  if (!st.provisioned.count(who->first))
    st.to_provision.insert(who->first);
  for (const auto& r : mapped.records) {
    auto statements = um40::injection_statements(r);
    if (!statements) { // a mapping the schema refuses: a bug, not the reading's fault; say so and go on
      st.counters.readings_dropped.inc();
      warn(self, "record", "cannot write a " + std::string{r.type->name} + " record of " + who->first + ": " +
                             describe(statements.error()));
      continue;
    }
    st.pending.push_back(std::move(*statements));
  }
  if (msg.durable)
    st.pending_ids.push_back(msg.inbox_id);
  if (st.retry_pause.count() > 0)
    return; // a retry is scheduled; it takes these too
  if (st.pending.size() >= st.settings.batch_records)
    flush(self);
  else
    schedule(self, st.settings.flush_interval);
}

caf::behavior injector(injector_pointer self, std::shared_ptr<um40::target> target,
                       std::shared_ptr<profile_store> profiles, injector_settings settings,
                       std::shared_ptr<bus::bus_actor> bus, injector_counters counters) {
  auto& st = self->state;
  st.target = std::move(target);
  st.profiles = std::move(profiles);
  st.settings = std::move(settings);
  st.bus = std::move(bus);
  st.counters = counters;
  st.mapper = std::make_unique<um40::reading_mapper>(st.settings.mapping);
  st.mapper->restore_profiles(std::move(st.settings.restored));
  for (const auto& d : st.settings.devices)
    st.devices.emplace(d.device, d);
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    if (self->state.retry_pause.count() == 0)
      flush(self); // commit what is pending; unacknowledged records would replay anyway
    self->quit(msg.reason);
  });
  return {
    [self](bus::bus_message& msg) { take(self, msg); },
    [self](flush_atom) { flush(self); },
  };
}

} // namespace

caf::actor spawn_injector(caf::actor_system& sys, std::unique_ptr<um40::target> target,
                          std::unique_ptr<profile_store> profiles, injector_settings settings,
                          std::shared_ptr<bus::bus_actor> bus, metrics::registry& m) {
  injector_counters counters{
    m.make_counter("meterhub_um40_records_written_total", "Records committed to meter.db (redelivered ones add no rows)"),
    m.make_counter("meterhub_um40_readings_used_total", "Readings that went into a record"),
    m.make_counter("meterhub_um40_readings_unmapped_total", "Readings of quantities meter.db has no place for"),
    m.make_counter("meterhub_um40_readings_dropped_total", "Readings left out: invalid, suspicious or a wrong unit"),
    m.make_counter("meterhub_um40_unlisted_batches_total", "Batches of devices not in um40.devices, skipped"),
    m.make_counter("meterhub_um40_malformed_total", "Bus messages that could not be decoded, dropped"),
    m.make_counter("meterhub_um40_write_errors_total", "Failed transactions (retried with backoff)"),
    m.make_histogram("meterhub_um40_commit_seconds", "Duration of writing the pending records",
                     {0.005, 0.02, 0.1, 0.5, 2, 10}),
  };
  return sys.spawn<caf::detached>(injector, std::shared_ptr<um40::target>{std::move(target)},
                                  std::shared_ptr<profile_store>{std::move(profiles)}, std::move(settings),
                                  std::move(bus), counters);
}

} // namespace meterhub::um40_service

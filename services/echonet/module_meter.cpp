#include <fmt/format.h>

#include <caf/all.hpp>

#include "error.hpp"
#include "meterhub/echonet/error.hpp"
#include "meterhub/echonet/readings.hpp"
#include "meterhub/service/service.hpp"
#include "module_state.hpp"

// The meter's values: the open sequence, polls, the INF pushes, and the half-hour series with its backfill.
namespace meterhub::echonet_service {

namespace {

using namespace std::chrono_literals;
constexpr auto retry_later = 30s;
constexpr char import_quantity[] = "1-0:1.8.0";
constexpr char export_quantity[] = "1-0:2.8.0";

/// A failure of the port itself (not of the meter) ends the link.
bool port_broke(const caf::error& err) {
  return err.category() == caf::atom("transport");
}

std::string kind_of(const caf::error& err) {
  if (err == routeb_errc::no_answer)
    return "no_answer";
  if (err == routeb_errc::not_joined)
    return "not_joined";
  if (err == routeb_errc::refused)
    return "refused";
  if (err.category() == caf::atom("echonet"))
    return "bad_values";
  return "other_errors";
}

/// A failed request: the port is dropped when it broke, otherwise the problem is counted.
void request_failed(module_pointer self, const std::string& what, const caf::error& err) {
  if (port_broke(err))
    return link_failed(self, err);
  count_problem(self, kind_of(err), make_error(routeb_errc::no_answer, what + ": " + describe(err)));
}

/// Whole minutes: the meter's clock (97) has no seconds, so the measured offset is rounded to the nearest minute.
std::int64_t offset_of(const meter_now& meter, std::int64_t host_now) {
  // meter.unix_ms is the start of the meter's minute: + 30 s is the middle of it, then to the nearest minute.
  const auto diff = meter.unix_ms + 30'000 - host_now + 30'000;
  return (diff >= 0 ? diff / 60'000 : (diff - 59'999) / 60'000) * 60'000;
}

bool read_clock(module_pointer self) {
  auto& st = self->state;
  auto clock = st.client->clock();
  if (!clock) {
    request_failed(self, "clock (97, 98)", clock.error());
    return false;
  }
  const auto offset = offset_of(*clock, service::now_ms());
  if (!st.clock_offset_ms || *st.clock_offset_ms != offset)
    st.log->info("{}: the meter's clock is {} s off the host's", st.device(), offset / 1000);
  st.clock_offset_ms = offset;
  return true;
}

/// Remembers that the series went out up to these slots, once the batch is spooled.
std::function<void()> remember(module_pointer self, std::optional<std::int64_t> import_ms,
                               std::optional<std::int64_t> export_ms) {
  if (!import_ms && !export_ms)
    return [] {};
  return [self, import_ms, export_ms] {
    auto& m = self->state.memory;
    if (import_ms && (!m.last_import_slot_ms || *import_ms > *m.last_import_slot_ms))
      m.last_import_slot_ms = import_ms;
    if (export_ms && (!m.last_export_slot_ms || *export_ms > *m.last_export_slot_ms))
      m.last_export_slot_ms = export_ms;
    if (auto err = save_memory(self->state.ctx.memory_file, m))
      count_problem(self, "state_file_errors", err);
  };
}

/// The readings of properties that arrived at `now`: fixed-time values (EA/EB) go through their half-hour series,
/// the rest carry the host's time. Slot times published are returned through `import_ms` / `export_ms`.
std::vector<reading> take(module_pointer self, const std::vector<echonet::property>& props, std::int64_t now,
                          std::optional<std::int64_t>& import_ms, std::optional<std::int64_t>& export_ms) {
  auto& st = self->state;
  std::vector<reading> out;
  for (const auto& p : props) {
    if (p.edt.empty())
      continue;
    auto readings = echonet::readings_of(p, st.identity->scale, now);
    if (!readings) {
      count_problem(self, "bad_values", readings.error());
      continue;
    }
    if (p.epc != 0xEA && p.epc != 0xEB) {
      out.insert(out.end(), readings->begin(), readings->end());
      continue;
    }
    auto& series = p.epc == 0xEA ? st.import_slots : st.export_slots;
    auto& published = p.epc == 0xEA ? import_ms : export_ms;
    for (const auto& r : *readings) {
      auto verdict = series.classify(r.time_ms);
      const bool backfilling = st.ctx.cfg.backfill.enabled;
      if (backfilling && (st.backfill_pending || verdict == slot_series::verdict::gap)) {
        st.backfill_pending = true; // the history read brings this slot with the ones before it
        continue;
      }
      if (verdict == slot_series::verdict::duplicate) {
        ++st.counts["duplicate_slots"];
        continue;
      }
      series.published(r.time_ms);
      published = r.time_ms;
      out.push_back(r);
    }
  }
  return out;
}

bool open_meter(module_pointer self, std::int64_t now) {
  auto& st = self->state;
  if (now < st.identify_at_ms)
    return false;
  auto id = st.client->identify();
  if (!id) {
    st.identify_at_ms = now + std::chrono::milliseconds{retry_later}.count();
    if (id.error() == echonet::echonet_errc::unknown_unit)
      set_health(self, v1::HEALTH_DEGRADED, "the meter's energy unit (E1) is not in the table: " +
                                              describe(id.error()));
    request_failed(self, "open sequence (D3, E1, D7, 8A, 8D, 82, 9F)", id.error());
    return false;
  }
  st.identity = *id;
  st.log->info("{}: meter maker {} serial {} Appendix {}, {} Wh per count, {} Get properties", st.device(),
               id->manufacturer, id->serial, id->version, id->scale.wh_per_count().value_or(0),
               id->gettable.size());
  if (!read_clock(self))
    return false;
  for (auto& s : st.schedules)
    s.next_due_ms = now;
  set_health(self, v1::HEALTH_ONLINE, "");
  publish_state(self);
  return true;
}

/// Reads the history from the last published slot of each direction up to the latest boundary, publishes it as
/// backfilled readings and moves both series there.
void backfill(module_pointer self, std::int64_t now) {
  auto& st = self->state;
  if (!read_clock(self) || !st.link)
    return;
  const auto id = *st.identity; // a copy: a lost session forgets the original meanwhile
  const auto clock = *st.meter_clock(service::now_ms());
  const auto upto = slot_floor(clock.unix_ms);
  const auto& b = st.ctx.cfg.backfill;
  const auto first = first_start_after(clock, b.first_start_days);
  const auto floor = upto - static_cast<std::int64_t>(b.limit_days + 1) * day_ms;
  const auto import_after = std::max(st.import_slots.last().value_or(first), floor);
  const auto export_after = std::max(st.export_slots.last().value_or(first), floor);
  const auto reads = plan_history(std::min(import_after, export_after), upto, clock, id.has(0xEC));
  std::size_t slots = 0;
  std::vector<std::vector<reading>> batches;
  for (const auto& read : reads) {
    auto readings = st.client->history(read, id);
    if (!readings) {
      st.backfill_at_ms = now + std::chrono::milliseconds{retry_later}.count();
      return request_failed(self, "history", readings.error());
    }
    auto out = slots_between(*readings, import_quantity, import_after, upto);
    auto exports = slots_between(*readings, export_quantity, export_after, upto);
    out.insert(out.end(), exports.begin(), exports.end());
    slots += out.size();
    if (!out.empty())
      batches.push_back(std::move(out));
  }
  // Slots the meter had no value for will never get one: both series go on from the boundary, and the saved
  // progress moves there once the last batch is spooled (the spool keeps their order).
  st.import_slots.published(upto);
  st.export_slots.published(upto);
  if (batches.empty())
    remember(self, upto, upto)();
  for (std::size_t i = 0; i < batches.size(); ++i)
    publish_batch(self, std::move(batches[i]),
                  i + 1 == batches.size() ? remember(self, upto, upto) : std::function<void()>{[] {}});
  st.backfill_pending = false;
  st.counts["backfilled_slots"] += slots;
  if (slots > 0 || !reads.empty())
    st.log->info("{}: {} half-hour value(s) from the meter's history up to {} ({} read(s))", st.device(), slots,
                 format_iso8601(upto), reads.size());
  publish_state(self);
}

/// True when a boundary passed more than `grace` ago without its value (the meter's INF went missing).
bool boundary_missed(const module_state& st, std::int64_t now) {
  const auto clock = st.meter_clock(now);
  const auto last = st.import_slots.last();
  if (!clock || !last)
    return false;
  const auto boundary = slot_floor(clock->unix_ms);
  return boundary > *last && clock->unix_ms - boundary >= st.ctx.cfg.backfill.grace.count();
}

} // namespace

void meter_step(module_pointer self) {
  auto& st = self->state;
  const auto now = service::now_ms();
  if (!st.identity) {
    open_meter(self, now);
    return;
  }
  if (st.ctx.cfg.backfill.enabled) {
    if (!st.backfill_pending && boundary_missed(st, now))
      st.backfill_pending = true;
    if (st.backfill_pending && now >= st.backfill_at_ms)
      return backfill(self, now);
  }
  if (auto due = service::next_due(st.schedules, now))
    (void)poll_group(self, *due);
}

caf::expected<std::vector<reading>> poll_group(module_pointer self, std::size_t g) {
  auto& st = self->state;
  const auto& group = st.ctx.cfg.poll[g];
  const auto now = service::now_ms();
  auto props = st.client->get(group.epcs);
  if (!props) {
    ++st.counts["polls_failed"];
    if (!port_broke(props.error()))
      st.schedules[g].failed(now, group.interval, std::max(group.interval, std::chrono::milliseconds{300'000}));
    request_failed(self, "poll " + group.name, props.error());
    return props.error();
  }
  if (!st.link || !st.identity)
    return make_error(routeb_errc::not_joined, "the session ended during the poll");
  for (const auto& p : *props)
    if (p.edt.empty())
      count_problem(self, "refused_properties",
                    make_error(routeb_errc::refused, fmt::format("the meter refused EPC {:02X} of {}", p.epc,
                                                                 group.name)));
  std::optional<std::int64_t> import_ms, export_ms;
  auto readings = take(self, *props, now, import_ms, export_ms);
  st.schedules[g].succeeded(service::now_ms(), group.interval);
  ++st.counts["polls_ok"];
  st.last_success_ms = now;
  publish_batch(self, readings, remember(self, import_ms, export_ms));
  return readings;
}

void handle_inbox(module_pointer self) {
  auto& st = self->state;
  while (!st.inbox.empty() && st.link) {
    auto f = std::move(st.inbox.front());
    st.inbox.pop_front();
    if (f.seoj == echonet::node_profile_eoj) {
      st.log->debug("{}: node profile {:02X} (instance list)", st.device(), static_cast<unsigned>(f.esv));
      continue;
    }
    if (f.esv == echonet::esv::infc)
      if (auto err = st.link->send_frame(echonet::make_infc_res(f)))
        return link_failed(self, err);
    if (f.seoj != echonet::meter_eoj || (f.esv != echonet::esv::inf && f.esv != echonet::esv::infc)) {
      ++st.counts["unmatched_frames"];
      continue;
    }
    ++st.counts["notifications"];
    if (!st.identity) {
      st.backfill_pending = true;
      continue;
    }
    std::optional<std::int64_t> import_ms, export_ms;
    publish_batch(self, take(self, f.properties, service::now_ms(), import_ms, export_ms),
                  remember(self, import_ms, export_ms));
  }
}

void session_lost(module_pointer self) {
  auto& st = self->state;
  st.identity.reset();
  st.identify_at_ms = 0;
}

} // namespace meterhub::echonet_service

#include <algorithm>

#include <caf/all.hpp>

#include "archive_job.hpp"
#include "half_hours_detail.hpp"
#include "line_state.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/iec61107/error.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/wire/convert.hpp"

// Archive passes: on each meter's archive schedule, and for READ_ARCHIVE commands.
namespace meterhub::iec61107_service {

namespace {

constexpr std::int64_t retry_failed_pass_ms = 5 * 60'000;

/// The local date at `utc_ms` on a wall clock `offset` ahead of UTC.
tariff::civil_date local_date(std::int64_t utc_ms, std::chrono::minutes offset) {
  const auto c = civil_from_unix_ms(utc_ms + std::chrono::milliseconds(offset).count()).day;
  return {c.year, c.month, c.day};
}

/// The meter's date at host time `now`, from the clock offset its last poll measured.
tariff::civil_date meter_today(const meter_state& m, std::int64_t now) {
  return local_date(now + m.clock_offset_ms, m.cfg.utc_offset);
}

/// Runs the job's rounds over one keep-open session; the line's, the session's or the job's error.
caf::error run_job(line_pointer self, const meter_state& m, archive_job& job, std::int64_t now) {
  auto cfg = self->state.session_for(m);
  cfg.keep_open = true;
  iec61107::session s{cfg, job.first_round()};
  if (auto err = run_on_line(self, s, now, rounds_of(job)))
    return err;
  return s.failure() ? s.failure() : job.failure();
}

std::string date_text(const tariff::civil_date& d) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", d.year, d.month, d.day);
  return text;
}

/// Logs (rate-limited) the days and entries a pass could not build or decode.
void note_gaps(line_pointer self, const meter_state& m, const archive_job& job, std::int64_t now) {
  auto& st = self->state;
  auto note = [&](const std::string& what, const caf::error& err) {
    std::uint64_t held = 0;
    if (st.limiter.allow(m.cfg.id + what, now, held))
      st.log->warn("{}: {}: {}{}", m.cfg.id, what, describe(err), logging::suppressed_note(held));
  };
  for (const auto& day : job.days())
    if (!day.archive)
      note("half-hour archive of " + date_text(day.date), day.archive.error());
    else if (day.drift_mwh && (*day.drift_mwh)[0] != 0)
      st.log->info("{}: half-hour archive of {} ends {:.3f} Wh off the next day's start register", m.cfg.id,
                   date_text(day.date), static_cast<double>((*day.drift_mwh)[0]) / 1000.0);
  for (const auto& e : job.entries())
    if (!e.readings)
      note((e.month ? "start of month " : "start of day ") + date_text(e.date), e.readings.error());
}

} // namespace

bool archives_due(const line_state& st, std::size_t index, std::int64_t now) {
  const auto& m = st.meters[index];
  return m.cfg.archives.interval.count() > 0 && m.last_success_ms > 0 && st.schedules[index].failures_in_row == 0 &&
         st.stream && m.archives_due_ms <= now;
}

void read_archives(line_pointer self, std::size_t index, std::int64_t now) {
  auto& st = self->state;
  auto& m = st.meters[index];
  archive_job job{m.archives.plan(m.cfg.archives, meter_today(m, now)), m.cfg.model, m.cfg.utc_offset};
  if (auto err = run_job(self, m, job, now)) {
    m.counters.archives_failed.inc();
    m.archives_due_ms = now + std::min<std::int64_t>(m.cfg.archives.interval.count(), retry_failed_pass_ms);
    std::uint64_t held = 0;
    if (st.limiter.allow(m.cfg.id + "archives", now, held))
      st.log->warn("{}: archive pass failed: {}; next try in {} s{}", m.cfg.id, describe(err),
                   (m.archives_due_ms - now) / 1000, logging::suppressed_note(held));
    return;
  }
  note_gaps(self, m, job, now);
  m.counters.archives_ok.inc();
  m.archives_due_ms = now + m.cfg.archives.interval.count();
  auto readings = m.archives.take_new(job, m.cfg.archives, m.cfg.model, m.cfg.utc_offset);
  if (!readings.empty()) {
    st.log->debug("{}: {} archive readings", m.cfg.id, readings.size());
    publish_batch(self, m, std::move(readings), now);
  }
}

void read_archive_day(line_pointer self, meter_state& m, const v1::Command& cmd, v1::CommandResult& result) {
  const auto now = service::now_ms();
  const auto today = meter_today(m, now);
  const auto wanted = local_date(cmd.time_unix_ms() != 0 ? cmd.time_unix_ms() : now, m.cfg.utc_offset);
  const auto days_ago = days_from_civil(today.year, today.month, today.day) -
                        days_from_civil(wanted.year, wanted.month, wanted.day);
  if (days_ago < 0 || days_ago > 127) {
    result.set_status(v1::COMMAND_STATUS_REJECTED);
    result.set_message("the meter keeps the archives of today and the 127 days before; " + date_text(wanted) +
                       " is not among them (the meter's date is " + date_text(today) + ")");
    return;
  }
  const int i = static_cast<int>(days_ago);
  archive_request what{{i}, {i}, {}};
  if (i >= 1)
    what.day_starts.push_back(i - 1);
  archive_job job{what, m.cfg.model, m.cfg.utc_offset};
  if (auto err = run_job(self, m, job, now)) {
    result.set_status(status_of(err));
    result.set_message(describe(err));
    return;
  }
  const auto& day = job.days().at(0);
  if (!day.archive || !(day.date == wanted)) {
    result.set_status(v1::COMMAND_STATUS_DEVICE_ERROR);
    result.set_message(!day.archive ? describe(day.archive.error())
                                    : "the meter's date changed to " + date_text(day.date) + "; ask again");
    return;
  }
  for (const auto& e : job.entries())
    if (e.readings && e.index == i)
      for (const auto& r : *e.readings)
        wire::to_proto(r, *result.add_readings());
  for (const auto& r : day_readings(day.date, *day.archive, m.cfg.model, m.cfg.utc_offset))
    wire::to_proto(r, *result.add_readings());
  auto fresh = m.archives.take_new(job, m.cfg.archives, m.cfg.model, m.cfg.utc_offset);
  const auto published = fresh.size();
  if (!fresh.empty())
    publish_batch(self, m, std::move(fresh), now);
  result.set_status(v1::COMMAND_STATUS_OK);
  std::string message = date_text(day.date) + ": " + std::to_string(day.archive->points.size()) + " intervals";
  if (day.drift_mwh)
    message += fmt::format(", {:.3f} Wh off the next day's start register", (*day.drift_mwh)[0] / 1000.0);
  message += "; " + std::to_string(published) + " readings published that were not before";
  result.set_message(message);
}

} // namespace meterhub::iec61107_service

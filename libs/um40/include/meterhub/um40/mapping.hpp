#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/um40/record.hpp"
#include "meterhub/um40/statements.hpp"

/// From the platform's readings (OBIS vocabulary, SI units) to the concentrator's records, so that a meter read by
/// meterhub appears in meter.db as if the UM-40 had read it itself. Pure: the caller passes each batch and keeps
/// the mapper between batches (it remembers the last profile points and which moment windows it already wrote;
/// the profile points can be saved and restored across restarts).
///
/// The mapping (spec um40-meterdb.md §3, recorded here as the codec's table):
/// - live 1-0:{1,2,3,4}.8.T (T 0…4, 0 = sum) → ElMomentEnergy `A+T`, `A-T`, `R+T`, `R-T` (Wh, varh); a meter
///   that reports tariffs without their total gets tariff 0 as their sum (also in day and month records);
/// - live per-phase and total U, I, P, Q, S, power factor, frequency and angles → ElMomentQuality: 32/52/72.7.0
///   UA…UC, 31/51/71.7.0 IA…IC, 21/41/61/1.7.0 PA…PS, 23/43/63/3.7.0 QA…QS, 29/49/69/9.7.0 SA…SS,
///   33/53/73/13.7.0 kPA…kPS, 14.7.0 Freq, 81.7.10 AngAB, 81.7.21 AngBC, 81.7.20 AngAC;
///   moment records sit on a grid of `moment_seconds` (the device's own 5 minutes), the first reading of a window
///   being its value, so a meter that reports every second does not flood the archive;
/// - backfilled (archive) 1-0:{1..4}.8.T at the concentrator's local midnight → ElDayEnergy, and on the 1st of a
///   month also ElMonthEnergy; ElDayConsEnergy / ElMonthConsEnergy follow in SQL (`derive_consumption`);
/// - ElArr1ConsPower at the end of each profile period: from backfilled cumulative totals 1-0:{1..4}.8.0 one
///   period apart (P = ΔE · 60 / period, in W and var), from backfilled period energies 1-0:{1..4}.29.0, or from
///   backfilled period averages 1-0:{1..4}.5.0 (a period given both ways is one record, the meter's own values
///   first); flags partial period, overflow and summer time → isPart, isOvfl,
///   isSummer; a register that went backwards sets isOvfl and leaves the value NULL;
/// - 1-0:99.97.0 (the power failure log: end time, duration in s) → ElJrnlPwr, event 0 at the start and 1 at the
///   end; `x:journal.{ElJrnl…}` with the event code as value → that journal. Event numbers are assigned in SQL.
/// Readings flagged invalid or suspicious are left out; a moment whose readings were all left out becomes a
/// Valid=0 header ("no data for this time"). Anything else is not a concentrator quantity and is counted.
namespace meterhub::um40 {

/// How one bus device appears on the concentrator.
struct device_assignment {
  std::string device;          ///< the bus device id
  um40::meter meter;           ///< MeterId, type, interface, address …
  int profile_minutes = 30;    ///< ElArr1ConsPower's period (cTime)
  std::map<std::string, std::string, std::less<>> config; ///< ElConfig tags over the defaults (`serial`, `kI` …)
};

struct mapping_options {
  std::chrono::minutes utc_offset{0}; ///< the concentrator's local time: days and months start at its midnight
  std::int64_t moment_seconds = 300;  ///< the grid of moment records
};

/// What one batch became.
struct mapped_batch {
  std::vector<record> records;
  std::size_t used = 0;     ///< readings that went into a record
  std::size_t unmapped = 0; ///< readings of quantities the concentrator has no place for
  std::size_t dropped = 0;  ///< invalid, suspicious or unitless where a unit is needed
};

/// A load profile's cumulative registers at one period boundary: the start of the next period's average.
struct profile_point {
  std::array<std::optional<double>, 4> cumulative; ///< 1.8.0, 2.8.0, 3.8.0, 4.8.0 in Wh/varh
  std::uint32_t flags = 0;                         ///< the reading flags of the period that ends here
  bool operator==(const profile_point& o) const { return cumulative == o.cumulative && flags == o.flags; }
};
using profile_points = std::map<std::int64_t, profile_point>; ///< by Unix seconds
using device_profiles = std::map<std::string, profile_points, std::less<>>; ///< by device

class reading_mapper {
public:
  explicit reading_mapper(mapping_options options) : options_(options) {}

  /// Maps one batch of `who`'s readings. Records are keyed by (meter, type, timestamp[, event]), so mapping the same batch
  /// again (a redelivery) gives records that write nothing new.
  mapped_batch map(const device_assignment& who, const std::vector<reading>& readings);

  /// The remembered profile points (the last two days) of the devices whose points changed since
  /// `profiles_saved()`. The injector keeps them on disk once their records committed, and gives them back to a
  /// restarted mapper with `restore_profiles`, so that a period whose start point came before a restart still
  /// gets its ElArr1ConsPower record.
  device_profiles unsaved_profiles() const;
  void profiles_saved() { unsaved_.clear(); }
  void restore_profiles(device_profiles saved);

private:
  /// Derives the periods that fresh points close into `profile`, which holds the batch's direct period values.
  void add_profiles(const device_assignment& who, const profile_points& fresh,
                    std::map<std::int64_t, record>& profile);

  mapping_options options_;
  device_profiles points_;
  std::set<std::string, std::less<>> unsaved_;                            ///< devices with changed points
  std::map<std::string, std::int64_t, std::less<>> last_moment_window_;   ///< by device and type
};

/// The ElConfig record a new device gets: Serial = the device id, Model = the meter type, one profile array,
/// clock and tariffs on; `who.config` overrides any tag (checked like `--set`).
caf::expected<record> device_config(const device_assignment& who);

/// The statements that put one mapped record into meter.db: the record itself (idempotent), the consumption it
/// completes for day and month archives, and for journals the next event number of that meter and journal.
caf::expected<std::vector<statement>> injection_statements(const record& r);

} // namespace meterhub::um40

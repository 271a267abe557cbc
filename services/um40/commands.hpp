#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <caf/error.hpp>

#include "meterhub/um40/target.hpp"

/// The one-shot commands of meterhub-um40: what integrators run by hand against a meter.db, locally or on a
/// concentrator. Each writes JSON lines (or a table) to `out` and returns an error value; main only wires.
namespace meterhub::um40_service {

void list_types(std::ostream& out, bool json);
void list_journals(std::ostream& out, bool json);

struct generate_options {
  std::string type;                   ///< an ArchTypes name or MeterTable
  int count = 1;
  std::vector<std::string> sets;      ///< "Tag=Value"
  std::optional<std::int64_t> meter_id;
  std::int64_t now = 0;               ///< Unix seconds
  std::chrono::minutes utc_offset{0};
  std::uint64_t seed = 0;
  int batch_records = 150;            ///< records per transaction, as the reference generator inserts them
};

/// Generates records like the device maker's generator, creates the meter's MeterTable and config rows first when
/// missing, writes them in batches and prints each record written (read back) as JSON. Every --set is checked
/// against the type before anything is written.
caf::error generate(um40::target& db, const generate_options& o, std::ostream& out);

/// The meter's MeterTable row, made from `m` when missing, with its type and interface checked by name first (a
/// device that does not know them gets nothing, and the error says which).
caf::error ensure_meter(um40::target& db, const um40::meter& m);

/// Prints the newest `last` records of `type` (or the MeterTable) as JSON lines, newest first.
caf::error show(um40::target& db, const std::string& type, std::int64_t meter_id, int last, std::ostream& out);

} // namespace meterhub::um40_service

#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/um40/record.hpp"

/// The SQL that writes records into meter.db and reads them back. Every statement is a template with numbered
/// parameters (?1, ?2 …) and typed values: a local database binds them to prepared statements; the sqlite3 shell on
/// a device gets them rendered as literals by `render` (no bind parameters there). Ids are never written as
/// numbers: meters are found by MeterId and record types by ArchTypes name inside the statements themselves, so a
/// batch needs no round trip.
///
/// Every write is idempotent: a header is added only when none exists for (meter, record type, timestamp), value
/// rows only when the header has none, so a redelivered reading or a batch retried after a dropped link adds
/// nothing.
namespace meterhub::um40 {

struct statement {
  std::string sql;
  std::vector<value> params; ///< ?1 is params[0]
};

/// Adds the MeterTable row unless a row with its MeterId exists. Type and interface are resolved by name; a name
/// the device does not know adds nothing (callers check with `meter_type_id` first).
statement insert_meter(const meter& m);

/// Writes one record. Configs: inserted when the meter has none, replaced tag by tag when `replace`. Archive
/// records: the header if absent (a Valid=0 header becomes valid when valid values arrive), then the value rows of
/// a valid record unless present. A record is keyed by (meter, type, timestamp), a journal event by its event code
/// too, so two events of one journal in the same second are two records. Fails (bad_value) for a type without a
/// table to write.
caf::expected<std::vector<statement>> write_record(const record& r, bool replace = true);

/// For a valid ElDayEnergy or ElMonthEnergy record at `timestamp`: the ElDayConsEnergy / ElMonthConsEnergy records
/// between it and the archive record just before it and just after it (within one day or one month, so a gap in
/// the archive makes no consumption), as differences per tariff rounded to mWh (no binary noise such as
/// 4.89100000000008), at the earlier record's time. Idempotent like
/// every write. Empty for other types.
std::vector<statement> derive_consumption(const record_type& archive, std::int64_t meter_id, std::int64_t timestamp);

/// For a journal record written without `eventId`: sets it to the meter's next number in that journal (the highest
/// so far + 1, from 0), so events injected from readings are numbered as the device numbers its own. Only a NULL
/// is set, so running it again changes nothing.
statement number_event(const record& r);

/// The statement as plain SQL text for the sqlite3 shell: each ?N replaced by the literal of params[N-1].
/// bad_text/bad_value when a value cannot be a literal.
caf::expected<std::string> render(const statement& s);

/// SELECT … → one row: the MeterTable's next free MeterId (max + 1, or 1001 in an empty table).
statement next_meter_id();
/// SELECT … → the DeviceIdx of MeterId ?1 (no row when the meter is unknown).
statement device_index(std::int64_t meter_id);
/// SELECT … → the MeterTypes.Id of a type name (no row when unknown); likewise for an interface name.
statement meter_type_id(const std::string& name);
statement interface_id(const std::string& name);
/// SELECT … → whether the meter has its config row for `config` (ElConfig, PlsConfig, DigConfig): one row "1".
statement has_config(const record_type& config, std::int64_t meter_id);

/// SELECT … → the newest `last` records of `type` (all meters when `meter_id` is 0), newest first. Columns:
/// MeterData.Id, DeviceIdx, MeterId, Timestamp, Valid, the row key, then the table's value columns in layout order;
/// one line per value row (none for an invalid record: LEFT JOIN). Configs: DeviceIdx, MeterId, Timestamp, columns.
/// `from`/`to` (Unix seconds, inclusive) narrow archive records to a time range.
statement select_records(const record_type& type, std::int64_t meter_id, int last,
                         std::int64_t from = std::numeric_limits<std::int64_t>::min(),
                         std::int64_t to = std::numeric_limits<std::int64_t>::max());
/// SELECT … → the MeterTable rows (all, or one MeterId) with type and interface names: index, id, pId, type,
/// typeName, addr, passRd, passWr, ifaceName, ifaceCfg, rtuObjType, rtuFider, rtuObjNum.
statement select_meters(std::int64_t meter_id);

} // namespace meterhub::um40

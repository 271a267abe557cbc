#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/um40/value.hpp"

/// The UM-40 SMART `meter.db` as data (spec um40-meterdb.md §2–§5): the record types in ArchTypes order, the table
/// that holds each type's values, and every tag of the concentrator's JSON API with its column and row. Everything
/// else (statements, generator, mapping, reading back) is driven by these tables, so a name is written once.
namespace meterhub::um40 {

/// The SQL table holding a record type's values. Config tables have one row per meter and no MeterData header.
enum class value_table : std::uint8_t {
  electric_config,
  pulse_config,
  digital_config,
  energy,
  quality,
  power,
  pulse,
  digital,
  journal
};

/// How the reference generator steps timestamps back from the newest record of a type (spec §6).
enum class time_step : std::uint8_t {
  none,          ///< configs: one row per meter
  five_minutes,  ///< moment values: now with seconds zeroed, 5 minutes apart
  day,           ///< start of day: today 00:00, one day apart
  day_before,    ///< consumption per day: yesterday 00:00, one day apart
  month,         ///< start of month: the 1st of this month, one calendar month apart
  month_before,  ///< consumption per month: the 1st of the previous month
  hour,          ///< hourly pulse counts: this hour, one hour apart (no reference generator exists)
  profile,       ///< power profile: now floored to the period (30 min), one period apart
  journal,       ///< journals: now, one day and m minutes apart (m drawn once per batch)
};

struct record_type {
  std::string_view name;       ///< the ArchTypes name, exactly (ElJrnlUnAyth and ElJrnlReverce are real spellings)
  value_table table;
  int default_records;         ///< ArchInfo.Records, the device's archive depth for the type
  time_step step;
  std::string_view data_type;  ///< ArchTypes.DataType in a database meterhub creates (not attested on devices)
  std::string_view meter_type; ///< ArchTypes.MeterType likewise
  std::string_view meaning;    ///< what the device keeps under it, for people (list-types, list-journals)
};

/// The 59 record types in the canonical ArchTypes order (ids 1…59 in a database meterhub creates; devices are
/// always asked by name).
std::span<const record_type> record_types() noexcept;

/// The record type called `name` (exact, case-sensitive), or null.
const record_type* find_record_type(std::string_view name) noexcept;

/// True for the ElJrnl… and PlsJrnl… types, whose values are one event.
bool is_journal(const record_type& type) noexcept;

/// True for ElConfig, PlsConfig and DigConfig.
bool is_config(const record_type& type) noexcept;

/// One tag of the API: its column, and for tables with several rows per record the row it lives in.
struct tag_def {
  std::string_view tag;    ///< "A+0", "UA", "kPS", "P+", "isSummer", "event"
  std::string_view column; ///< "Ap", "U", "KP", "Pp", "Season", "Event"
  int row;                 ///< index into `table_layout::rows`; 0 for single-row tables
  value_kind kind;
};

/// A value table: its SQL name, the column that tells its rows apart (Tariff, Phase) and their keys, and its tags.
struct table_layout {
  value_table table;
  std::string_view sql_name;
  std::string_view row_column;  ///< "" for one row per record
  std::vector<value> rows;      ///< the key of each row: Tariff 0…4, Phase 'A','B','C','Summ'; one NULL otherwise
  std::vector<tag_def> tags;    ///< in the order the API lists them
};

const table_layout& layout_of(value_table table);

/// The table's value columns in layout order, each once (quality rows differ: U, I, Angle on phases, F on Summ).
std::vector<std::string_view> value_columns(const table_layout& layout);

/// The tag called `tag` in `layout` (exact), or null.
const tag_def* find_tag(const table_layout& layout, std::string_view tag) noexcept;

/// The meter types the concentrator knows (MeterTypes.Type), in the order meterhub numbers them when it creates a
/// database; devices are asked by name.
std::span<const std::string_view> meter_type_names() noexcept;

/// MeterIfaces.Name values: Iface1…Iface4, Ethernet, Hub.
std::span<const std::string_view> interface_names() noexcept;

/// SQL that creates an empty meter.db with every table of the spec and the lookup tables filled (ArchTypes in
/// order with their ArchInfo depth, MeterTypes, MeterIfaces). Statements separated by ";\n"; idempotent.
std::string create_schema_sql();

} // namespace meterhub::um40

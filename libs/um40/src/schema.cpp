#include "meterhub/um40/schema.hpp"

#include <algorithm>
#include <array>
#include <deque>

namespace meterhub::um40 {

namespace {

constexpr record_type types[] = {
  {"ElConfig", value_table::electric_config, 1, time_step::none, "Config", "Electric", "electricity meter configuration"},
  {"PlsConfig", value_table::pulse_config, 1, time_step::none, "Config", "Pulse", "pulse concentrator configuration"},
  {"DigConfig", value_table::digital_config, 1, time_step::none, "Config", "Digital", "discrete I/O module configuration"},
  {"ElMomentEnergy", value_table::energy, 840, time_step::five_minutes, "Moment", "Electric", "energy, instantaneous"},
  {"ElDayEnergy", value_table::energy, 35, time_step::day, "Day", "Electric", "energy at the start of the day"},
  {"ElMonthEnergy", value_table::energy, 12, time_step::month, "Month", "Electric", "energy at the start of the month"},
  {"ElDayConsEnergy", value_table::energy, 35, time_step::day_before, "DayCons", "Electric", "consumption per day"},
  {"ElMonthConsEnergy", value_table::energy, 12, time_step::month_before, "MonthCons", "Electric", "consumption per month"},
  {"ElMomentQuality", value_table::quality, 840, time_step::five_minutes, "Moment", "Electric", "power-quality values, instantaneous"},
  {"ElArr1ConsPower", value_table::power, 1680, time_step::profile, "Array", "Electric", "power profile, array 1"},
  {"PlsMomentPulse", value_table::pulse, 840, time_step::five_minutes, "Moment", "Pulse", "pulse counts, instantaneous"},
  {"PlsDayPulse", value_table::pulse, 35, time_step::day, "Day", "Pulse", "pulse counts at the start of the day"},
  {"PlsMonthPulse", value_table::pulse, 12, time_step::month, "Month", "Pulse", "pulse counts at the start of the month"},
  {"PlsHourPulse", value_table::pulse, 840, time_step::hour, "Hour", "Pulse", "pulse counts at the start of the hour"},
  {"DigMomentState", value_table::digital, 840, time_step::five_minutes, "Moment", "Digital", "discrete I/O state"},
  {"DigJournalState", value_table::digital, 840, time_step::journal, "Journal", "Digital", "discrete I/O state changes"},
  {"ElJrnlPwr", value_table::journal, 20, time_step::journal, "Journal", "Electric", "power on/off"},
  {"ElJrnlTimeCorr", value_table::journal, 20, time_step::journal, "Journal", "Electric", "clock correction"},
  {"ElJrnlReset", value_table::journal, 20, time_step::journal, "Journal", "Electric", "reset"},
  {"ElJrnlC1Init", value_table::journal, 20, time_step::journal, "Journal", "Electric", "profile array 1 initialised"},
  {"ElJrnlC2Init", value_table::journal, 20, time_step::journal, "Journal", "Electric", "profile array 2 initialised"},
  {"ElJrnlTrfCorr", value_table::journal, 20, time_step::journal, "Journal", "Electric", "tariff schedule changed"},
  {"ElJrnlOpen", value_table::journal, 20, time_step::journal, "Journal", "Electric", "cover opened"},
  {"ElJrnlUnAyth", value_table::journal, 20, time_step::journal, "Journal", "Electric", "unauthorised access"},
  {"ElJrnlPwrA", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase A on/off"},
  {"ElJrnlPwrB", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase B on/off"},
  {"ElJrnlPwrC", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase C on/off"},
  {"ElJrnlProg", value_table::journal, 20, time_step::journal, "Journal", "Electric", "programming"},
  {"ElJrnlRelay", value_table::journal, 20, time_step::journal, "Journal", "Electric", "relay switched"},
  {"ElJrnlLimESumm", value_table::journal, 20, time_step::journal, "Journal", "Electric", "energy limit, sum of tariffs"},
  {"ElJrnlLimETrf", value_table::journal, 20, time_step::journal, "Journal", "Electric", "energy limit per tariff"},
  {"ElJrnlLimETrf1", value_table::journal, 20, time_step::journal, "Journal", "Electric", "energy limit, tariff 1"},
  {"ElJrnlLimETrf2", value_table::journal, 20, time_step::journal, "Journal", "Electric", "energy limit, tariff 2"},
  {"ElJrnlLimETrf3", value_table::journal, 20, time_step::journal, "Journal", "Electric", "energy limit, tariff 3"},
  {"ElJrnlLimETrf4", value_table::journal, 20, time_step::journal, "Journal", "Electric", "energy limit, tariff 4"},
  {"ElJrnlLimUAMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase A voltage above its limit"},
  {"ElJrnlLimUAMin", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase A voltage below its limit"},
  {"ElJrnlLimUBMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase B voltage above its limit"},
  {"ElJrnlLimUBMin", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase B voltage below its limit"},
  {"ElJrnlLimUCMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase C voltage above its limit"},
  {"ElJrnlLimUCMin", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase C voltage below its limit"},
  {"ElJrnlLimUABMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "line AB voltage above its limit"},
  {"ElJrnlLimUABMin", value_table::journal, 20, time_step::journal, "Journal", "Electric", "line AB voltage below its limit"},
  {"ElJrnlLimUBCMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "line BC voltage above its limit"},
  {"ElJrnlLimUBCMin", value_table::journal, 20, time_step::journal, "Journal", "Electric", "line BC voltage below its limit"},
  {"ElJrnlLimUCAMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "line CA voltage above its limit"},
  {"ElJrnlLimUCAMin", value_table::journal, 20, time_step::journal, "Journal", "Electric", "line CA voltage below its limit"},
  {"ElJrnlLimIAMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase A current above its limit"},
  {"ElJrnlLimIBMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase B current above its limit"},
  {"ElJrnlLimICMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "phase C current above its limit"},
  {"ElJrnlLimFreqMax", value_table::journal, 20, time_step::journal, "Journal", "Electric", "frequency above its limit"},
  {"ElJrnlLimFreqMin", value_table::journal, 20, time_step::journal, "Journal", "Electric", "frequency below its limit"},
  {"ElJrnlLimPwr", value_table::journal, 20, time_step::journal, "Journal", "Electric", "power limit, total"},
  {"ElJrnlLimPwrPP", value_table::journal, 20, time_step::journal, "Journal", "Electric", "power limit, P+"},
  {"ElJrnlLimPwrPM", value_table::journal, 20, time_step::journal, "Journal", "Electric", "power limit, P-"},
  {"ElJrnlLimPwrQP", value_table::journal, 20, time_step::journal, "Journal", "Electric", "power limit, Q+"},
  {"ElJrnlLimPwrQM", value_table::journal, 20, time_step::journal, "Journal", "Electric", "power limit, Q-"},
  {"ElJrnlReverce", value_table::journal, 20, time_step::journal, "Journal", "Electric", "energy flow reversed"},
  {"PlsJrnlTimeCorr", value_table::journal, 20, time_step::journal, "Journal", "Pulse", "pulse concentrator clock correction"},
};

constexpr std::string_view meter_types[] = {
  "Mercury200", "Mercury203", "Mercury206", "Mercury23x", "SPODES",    "SE102",     "SE102M",   "SE301",
  "SE303",      "SEB2a",      "SETxTM",     "PSCHxTM",    "A1140",     "TOPAZ",     "NEVA1xx",  "NEVA3xx",
  "MILUR IC",   "MILUR10x",   "MILUR30x",   "SOE55_215",  "SOE55_217", "SOE55_415", "STE561",   "INTEGRA10x",
  "UMTV10",     "Pulsar",     "ST410"};

constexpr std::string_view interfaces[] = {"Iface1", "Iface2", "Iface3", "Iface4", "Ethernet", "Hub"};

/// Tag names made at run time ("A+3", "Pls17") need a home that never moves.
std::string_view keep(std::deque<std::string>& names, std::string name) {
  return names.emplace_back(std::move(name));
}

table_layout energy_layout(std::deque<std::string>& names) {
  table_layout l{value_table::energy, "ElectricEnergyValues", "Tariff", {}, {}};
  for (std::int64_t t = 0; t <= 4; ++t)
    l.rows.emplace_back(t);
  const std::pair<std::string_view, std::string_view> groups[] = {{"A+", "Ap"}, {"A-", "Am"}, {"R+", "Rp"}, {"R-", "Rm"}};
  for (auto [prefix, column] : groups)
    for (int t = 0; t <= 4; ++t)
      l.tags.push_back({keep(names, std::string{prefix} + std::to_string(t)), column, t, value_kind::real});
  return l;
}

table_layout quality_layout() {
  table_layout l{value_table::quality, "ElectricQualityValues", "Phase", {}, {}};
  for (const char* phase : {"A", "B", "C", "Summ"})
    l.rows.emplace_back(std::string{phase});
  const auto r = value_kind::real;
  l.tags = {{"UA", "U", 0, r},    {"IA", "I", 0, r},  {"PA", "P", 0, r},  {"QA", "Q", 0, r},    {"SA", "S", 0, r},
            {"kPA", "KP", 0, r},  {"AngAB", "Angle", 0, r},
            {"UB", "U", 1, r},    {"IB", "I", 1, r},  {"PB", "P", 1, r},  {"QB", "Q", 1, r},    {"SB", "S", 1, r},
            {"kPB", "KP", 1, r},  {"AngBC", "Angle", 1, r},
            {"UC", "U", 2, r},    {"IC", "I", 2, r},  {"PC", "P", 2, r},  {"QC", "Q", 2, r},    {"SC", "S", 2, r},
            {"kPC", "KP", 2, r},  {"AngAC", "Angle", 2, r},
            {"PS", "P", 3, r},    {"QS", "Q", 3, r},  {"SS", "S", 3, r},  {"kPS", "KP", 3, r},  {"Freq", "F", 3, r}};
  return l;
}

table_layout single_row(value_table table, std::string_view sql, std::vector<tag_def> tags) {
  return {table, sql, "", {value{}}, std::move(tags)};
}

table_layout channels_layout(value_table table, std::string_view sql, std::string_view prefix, value_kind kind,
                             std::deque<std::string>& names) {
  auto l = single_row(table, sql, {{"Channels", "Channels", 0, value_kind::integer}});
  for (int n = 1; n <= 32; ++n)
    l.tags.push_back({keep(names, std::string{prefix} + std::to_string(n)), keep(names, "Chnl" + std::to_string(n)),
                      0, kind});
  return l;
}

struct layouts {
  std::deque<std::string> names;
  std::vector<table_layout> all;

  layouts() {
    const auto t = value_kind::text, i = value_kind::integer, f = value_kind::flag, r = value_kind::real;
    all.push_back(single_row(value_table::electric_config, "ElectricConfig",
                             {{"serial", "Serial", 0, t},
                              {"model", "Model", 0, t},
                              {"cArrays", "IntervalPowerArrays", 0, i},
                              {"isDst", "DST", 0, f},
                              {"isClock", "Clock", 0, f},
                              {"isTrf", "Tariff", 0, f},
                              {"isAm", "Reactive", 0, f}, // the API's own pairings (spec §2, "sic")
                              {"isRm", "ActiveReverse", 0, f},
                              {"isRp", "ReactiveReverse", 0, f},
                              {"kI", "CurrentCoeff", 0, r},
                              {"kU", "VoltageCoeff", 0, r},
                              {"const", "MeterConst", 0, r}}));
    all.push_back(single_row(value_table::pulse_config, "PulseConfig",
                             {{"serial", "Serial", 0, t}, {"model", "Model", 0, t}, {"chnl", "Channels", 0, i},
                              {"isDst", "DST", 0, f}}));
    all.push_back(single_row(value_table::digital_config, "DigitalConfig",
                             {{"serial", "Serial", 0, t}, {"model", "Model", 0, t}, {"chnlIn", "ChannelsIn", 0, i},
                              {"chnlOut", "ChannelsOut", 0, i}, {"isDst", "DST", 0, f}}));
    all.push_back(energy_layout(names));
    all.push_back(quality_layout());
    all.push_back(single_row(value_table::power, "ElectricPowerValues",
                             {{"cTime", "Period", 0, i},
                              {"P+", "Pp", 0, r},
                              {"P-", "Pm", 0, r},
                              {"Q+", "Qp", 0, r},
                              {"Q-", "Qm", 0, r},
                              {"isPart", "Partial", 0, f},
                              {"isOvfl", "Overflow", 0, f},
                              {"isSummer", "Season", 0, f}}));
    all.push_back(channels_layout(value_table::pulse, "PulseValues", "Pls", r, names));
    all.push_back(channels_layout(value_table::digital, "DigitalValues", "Chnl", i, names));
    all.push_back(single_row(value_table::journal, "JournalValues", {{"event", "Event", 0, i}, {"eventId", "EventId", 0, i}}));
  }
};

const layouts& the_layouts() {
  static const layouts l;
  return l;
}

std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string{"''"} : std::string(1, c);
  return out + "'";
}

constexpr std::string_view tables_sql = R"sql(CREATE TABLE IF NOT EXISTS MeterTypes (Id INTEGER PRIMARY KEY, Type TEXT NOT NULL UNIQUE, Class TEXT);
CREATE TABLE IF NOT EXISTS MeterIfaces (Id INTEGER PRIMARY KEY, Name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS ArchTypes (Id INTEGER PRIMARY KEY, Name TEXT NOT NULL UNIQUE, DataType TEXT, MeterType TEXT);
CREATE TABLE IF NOT EXISTS ArchInfo (RecordTypeId INTEGER PRIMARY KEY REFERENCES ArchTypes(Id), Records INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS MeterTable (DeviceIdx INTEGER PRIMARY KEY, MeterId INTEGER NOT NULL, ParentId INTEGER, TypeId INTEGER NOT NULL REFERENCES MeterTypes(Id), Address TEXT NOT NULL, ReadPassword TEXT, WritePassword TEXT, InterfaceId INTEGER NOT NULL REFERENCES MeterIfaces(Id), InterfaceConfig TEXT, RTUObjType INTEGER, RTUFeederNum INTEGER, RTUObjNum INTEGER);
CREATE TABLE IF NOT EXISTS ElectricConfig (DeviceIdx INTEGER NOT NULL REFERENCES MeterTable(DeviceIdx) ON DELETE CASCADE, Timestamp BIGINT NOT NULL, Serial TEXT NOT NULL, Model TEXT, IntervalPowerArrays INTEGER, DST BOOLEAN, Clock BOOLEAN, Tariff BOOLEAN, Reactive BOOLEAN, ActiveReverse BOOLEAN, ReactiveReverse BOOLEAN, CurrentCoeff DOUBLE, VoltageCoeff DOUBLE, MeterConst DOUBLE);
CREATE TABLE IF NOT EXISTS DigitalConfig (DeviceIdx INTEGER NOT NULL REFERENCES MeterTable(DeviceIdx) ON DELETE CASCADE, Timestamp BIGINT NOT NULL, Serial TEXT NOT NULL, Model TEXT, ChannelsIn INTEGER NOT NULL, ChannelsOut INTEGER NOT NULL, DST BOOLEAN);
CREATE TABLE IF NOT EXISTS PulseConfig (DeviceIdx INTEGER NOT NULL REFERENCES MeterTable(DeviceIdx) ON DELETE CASCADE, Timestamp BIGINT NOT NULL, Serial TEXT NOT NULL, Model TEXT, Channels INTEGER NOT NULL, DST BOOLEAN);
CREATE TABLE IF NOT EXISTS MeterData (Id INTEGER PRIMARY KEY, DeviceIdx INTEGER NOT NULL REFERENCES MeterTable(DeviceIdx) ON DELETE CASCADE, RecordTypeId INTEGER NOT NULL REFERENCES ArchTypes(Id), Timestamp INTEGER NOT NULL, Valid INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS MeterData_Record ON MeterData (DeviceIdx, RecordTypeId, Timestamp);
CREATE TABLE IF NOT EXISTS ElectricEnergyValues (Id INTEGER NOT NULL REFERENCES MeterData(Id) ON DELETE CASCADE, Tariff INTEGER NOT NULL, Ap REAL, Rp REAL, Am REAL, Rm REAL, PRIMARY KEY (Id, Tariff));
CREATE TABLE IF NOT EXISTS ElectricQualityValues (Id INTEGER NOT NULL REFERENCES MeterData(Id) ON DELETE CASCADE, Phase TEXT NOT NULL, U REAL, I REAL, P REAL, Q REAL, S REAL, KP REAL, Angle REAL, F REAL, PRIMARY KEY (Id, Phase));
CREATE TABLE IF NOT EXISTS ElectricPowerValues (Id INTEGER PRIMARY KEY REFERENCES MeterData(Id) ON DELETE CASCADE, Period INTEGER, Pp REAL, Pm REAL, Qp REAL, Qm REAL, Partial INTEGER, Overflow INTEGER, Season INTEGER);
CREATE TABLE IF NOT EXISTS JournalValues (Id INTEGER PRIMARY KEY REFERENCES MeterData(Id) ON DELETE CASCADE, Event INTEGER, EventId INTEGER);
)sql";

std::string channel_table_sql(std::string_view name, std::string_view type) {
  std::string sql = "CREATE TABLE IF NOT EXISTS " + std::string{name} +
                    " (Id INTEGER PRIMARY KEY REFERENCES MeterData(Id) ON DELETE CASCADE, Channels INTEGER";
  for (int n = 1; n <= 32; ++n)
    sql += ", Chnl" + std::to_string(n) + " " + std::string{type};
  return sql + ");\n";
}

} // namespace

std::span<const record_type> record_types() noexcept {
  return types;
}

const record_type* find_record_type(std::string_view name) noexcept {
  auto it = std::find_if(std::begin(types), std::end(types), [&](const auto& t) { return t.name == name; });
  return it == std::end(types) ? nullptr : &*it;
}

bool is_journal(const record_type& type) noexcept {
  return type.table == value_table::journal;
}

bool is_config(const record_type& type) noexcept {
  return type.step == time_step::none;
}

const table_layout& layout_of(value_table table) {
  return the_layouts().all.at(static_cast<std::size_t>(table));
}

std::vector<std::string_view> value_columns(const table_layout& layout) {
  std::vector<std::string_view> out;
  for (const auto& t : layout.tags)
    if (std::find(out.begin(), out.end(), t.column) == out.end())
      out.push_back(t.column);
  return out;
}

const tag_def* find_tag(const table_layout& layout, std::string_view tag) noexcept {
  auto it = std::find_if(layout.tags.begin(), layout.tags.end(), [&](const auto& t) { return t.tag == tag; });
  return it == layout.tags.end() ? nullptr : &*it;
}

std::span<const std::string_view> meter_type_names() noexcept {
  return meter_types;
}

std::span<const std::string_view> interface_names() noexcept {
  return interfaces;
}

std::string create_schema_sql() {
  std::string sql{tables_sql};
  sql += channel_table_sql("PulseValues", "REAL");
  sql += channel_table_sql("DigitalValues", "INTEGER");
  int id = 0;
  for (const auto& t : types) {
    ++id;
    sql += "INSERT OR IGNORE INTO ArchTypes (Id, Name, DataType, MeterType) VALUES (" + std::to_string(id) + ", " +
           quoted(t.name) + ", " + quoted(t.data_type) + ", " + quoted(t.meter_type) + ");\n";
    sql += "INSERT OR IGNORE INTO ArchInfo (RecordTypeId, Records) VALUES (" + std::to_string(id) + ", " +
           std::to_string(t.default_records) + ");\n";
  }
  id = 0;
  for (auto name : meter_types)
    sql += "INSERT OR IGNORE INTO MeterTypes (Id, Type, Class) VALUES (" + std::to_string(++id) + ", " + quoted(name) +
           ", " + quoted(name == "Pulsar" ? "Pulse" : "Electric") + ");\n";
  id = 0;
  for (auto name : interfaces)
    sql += "INSERT OR IGNORE INTO MeterIfaces (Id, Name) VALUES (" + std::to_string(++id) + ", " + quoted(name) + ");\n";
  return sql;
}

} // namespace meterhub::um40

#include "commands.hpp"

#include <iomanip>
#include <ostream>
#include <random>

#include "meterhub/core/time.hpp"
#include "meterhub/um40/error.hpp"
#include "meterhub/um40/generator.hpp"
#include "meterhub/um40/readback.hpp"

namespace meterhub::um40_service {

namespace {

using um40::um40_errc;

std::string_view table_name(const um40::record_type& t) {
  return um40::layout_of(t.table).sql_name;
}

void list(std::ostream& out, bool json, bool journals_only) {
  int id = 0;
  for (const auto& t : um40::record_types()) {
    ++id;
    if (journals_only && !um40::is_journal(t))
      continue;
    if (json) {
      out << nlohmann::ordered_json{{"position", id}, {"name", t.name}, {"table", table_name(t)},
                                    {"records", t.default_records}, {"meaning", t.meaning}}
                 .dump()
          << "\n";
      continue;
    }
    out << std::setw(3) << id << "  " << std::left << std::setw(18) << t.name << std::setw(22) << table_name(t)
        << std::right << std::setw(5) << t.default_records << "  " << t.meaning << "\n";
  }
}

/// "Tag=Value" split; a Timestamp may be written as ISO-8601 too.
caf::expected<std::pair<std::string, std::string>> split_set(const std::string& set) {
  const auto eq = set.find('=');
  if (eq == std::string::npos || eq == 0)
    return make_error(um40_errc::unknown_tag, "--set " + set + ": expected Tag=Value");
  std::pair<std::string, std::string> kv{set.substr(0, eq), set.substr(eq + 1)};
  if (kv.first == "Timestamp" || kv.first == "ts")
    if (auto ms = parse_iso8601(kv.second))
      kv.second = std::to_string(*ms / 1000);
  return kv;
}

caf::error apply_sets(um40::record& r, const std::vector<std::pair<std::string, std::string>>& sets) {
  for (const auto& [tag, text] : sets)
    if (auto err = um40::set_tag(r, tag, text))
      return err;
  return {};
}

caf::expected<std::optional<std::string>> single(um40::target& db, const um40::statement& q) {
  auto rows = db.query(q, 1);
  if (!rows)
    return rows.error();
  if (rows->empty())
    return std::optional<std::string>{};
  return (*rows)[0][0];
}

caf::expected<std::int64_t> chosen_meter(um40::target& db, const generate_options& o, bool new_meter) {
  if (o.meter_id)
    return *o.meter_id;
  if (new_meter) {
    auto next = single(db, um40::next_meter_id());
    if (!next)
      return next.error();
    return std::stoll(next->value_or("1001"));
  }
  auto newest = single(db, {"SELECT MAX(MeterId) FROM MeterTable", {}});
  if (!newest)
    return newest.error();
  return *newest && **newest != "" ? std::stoll(**newest) : std::int64_t{1001};
}


/// The config type a record type's meter needs (ElConfig for El…, PlsConfig for Pls…, DigConfig for Dig…).
const um40::record_type* config_for(const um40::record_type& t) {
  if (t.meter_type == "Pulse")
    return um40::find_record_type("PlsConfig");
  if (t.meter_type == "Digital")
    return um40::find_record_type("DigConfig");
  return um40::find_record_type("ElConfig");
}

caf::error ensure_config(um40::target& db, const um40::record_type& config, std::int64_t meter_id,
                         std::mt19937_64& rng) {
  auto present = single(db, um40::has_config(config, meter_id));
  if (!present)
    return present.error();
  if (present->has_value())
    return {};
  auto records = um40::generate({&config, 1, meter_id, 0, std::chrono::minutes{0}, 30}, rng);
  auto batch = um40::write_record(records.front(), false);
  return batch ? db.write(*batch) : batch.error();
}

caf::error print_meter(um40::target& db, std::int64_t meter_id, std::ostream& out) {
  auto rows = db.query(um40::select_meters(meter_id), um40::meter_columns);
  if (!rows)
    return rows.error();
  auto meters = um40::meters_from_rows(*rows);
  if (!meters)
    return meters.error();
  for (const auto& m : *meters)
    out << um40::to_json(m).dump() << "\n";
  return {};
}

caf::error generate_meter_rows(um40::target& db, const generate_options& o,
                               const std::vector<std::pair<std::string, std::string>>& sets, std::ostream& out) {
  std::mt19937_64 rng(o.seed);
  for (int i = 0; i < o.count; ++i) {
    auto id = chosen_meter(db, o, true);
    if (!id)
      return id.error();
    auto m = um40::generate_meter(*id + (o.meter_id ? i : 0), rng);
    for (const auto& [tag, text] : sets)
      if (auto err = um40::set_meter_tag(m, tag, text))
        return err;
    if (auto err = ensure_meter(db, m))
      return err;
    if (auto err = ensure_config(db, *um40::find_record_type("ElConfig"), m.meter_id, rng))
      return err;
    if (auto err = print_meter(db, m.meter_id, out))
      return err;
  }
  return {};
}

std::vector<um40::statement> statements_of(const std::vector<um40::record>& records) {
  std::vector<um40::statement> out;
  for (const auto& r : records) {
    auto batch = um40::write_record(r, true);
    out.insert(out.end(), batch->begin(), batch->end()); // random archives make no consumption: none is derived
  }
  return out;
}

caf::error print_written(um40::target& db, const um40::record_type& type, std::int64_t meter_id,
                         const std::vector<um40::record>& written, std::ostream& out) {
  auto [first, last] = std::minmax_element(written.begin(), written.end(),
                                           [](const auto& a, const auto& b) { return a.timestamp < b.timestamp; });
  auto rows = db.query(um40::select_records(type, meter_id, static_cast<int>(written.size()) + 1000,
                                            first->timestamp, last->timestamp),
                       um40::record_columns(type));
  if (!rows)
    return rows.error();
  auto stored = um40::records_from_rows(type, *rows);
  if (!stored)
    return stored.error();
  for (auto it = stored->rbegin(); it != stored->rend(); ++it) // oldest first, as generated
    for (const auto& w : written)
      if (w.timestamp == it->rec.timestamp) {
        out << um40::to_json(*it).dump() << "\n";
        break;
      }
  return {};
}

} // namespace

caf::error ensure_meter(um40::target& db, const um40::meter& m) {
  auto known = single(db, um40::device_index(m.meter_id));
  if (!known)
    return known.error();
  if (known->has_value())
    return {};
  for (auto [q, what] : {std::pair{um40::meter_type_id(m.type_name), "meter type " + m.type_name},
                         std::pair{um40::interface_id(m.interface_name), "interface " + m.interface_name}}) {
    auto id = single(db, q);
    if (!id)
      return id.error();
    if (!id->has_value())
      return make_error(um40_errc::unknown_type, db.where() + " does not know the " + what);
  }
  return db.write({um40::insert_meter(m)});
}

void list_types(std::ostream& out, bool json) {
  list(out, json, false);
}

void list_journals(std::ostream& out, bool json) {
  list(out, json, true);
}

caf::error generate(um40::target& db, const generate_options& o, std::ostream& out) {
  std::vector<std::pair<std::string, std::string>> sets;
  for (const auto& s : o.sets) {
    auto kv = split_set(s);
    if (!kv)
      return kv.error();
    sets.push_back(*kv);
  }
  if (o.type == "MeterTable") {
    um40::meter probe;
    for (const auto& [tag, text] : sets)
      if (auto err = um40::set_meter_tag(probe, tag, text))
        return err;
    return generate_meter_rows(db, o, sets, out);
  }
  const auto* type = um40::find_record_type(o.type);
  if (!type)
    return make_error(um40_errc::unknown_type, "\"" + o.type + "\" is no record type (meterhub-um40 list-types)");
  um40::record probe{type, 0, 0, true, {}};
  if (auto err = apply_sets(probe, sets)) // every --set is checked before anything is written
    return err;
  auto meter_id = chosen_meter(db, o, false);
  if (!meter_id)
    return meter_id.error();
  std::mt19937_64 rng(o.seed);
  if (auto err = ensure_meter(db, um40::generate_meter(*meter_id, rng)))
    return err;
  if (!um40::is_config(*type))
    if (auto err = ensure_config(db, *config_for(*type), *meter_id, rng))
      return err;
  std::int64_t profile_minutes = 30;
  if (auto it = probe.values.find("cTime"); it != probe.values.end())
    if (auto m = std::get_if<std::int64_t>(&it->second); m && *m > 0)
      profile_minutes = *m;
  auto records = um40::generate({type, o.count, *meter_id, o.now, o.utc_offset, profile_minutes}, rng);
  for (auto& r : records)
    apply_sets(r, sets);
  for (std::size_t from = 0; from < records.size(); from += static_cast<std::size_t>(o.batch_records)) {
    const auto to = std::min(records.size(), from + static_cast<std::size_t>(o.batch_records));
    if (auto err = db.write(statements_of({records.begin() + static_cast<long>(from), records.begin() + static_cast<long>(to)})))
      return err;
  }
  return records.empty() ? caf::error{} : print_written(db, *type, *meter_id, records, out);
}

caf::error show(um40::target& db, const std::string& type_name, std::int64_t meter_id, int last, std::ostream& out) {
  if (type_name == "MeterTable")
    return print_meter(db, meter_id, out);
  const auto* type = um40::find_record_type(type_name);
  if (!type)
    return make_error(um40_errc::unknown_type, "\"" + type_name + "\" is no record type (meterhub-um40 list-types)");
  auto rows = db.query(um40::select_records(*type, meter_id, last), um40::record_columns(*type));
  if (!rows)
    return rows.error();
  auto stored = um40::records_from_rows(*type, *rows);
  if (!stored)
    return stored.error();
  for (const auto& s : *stored)
    out << um40::to_json(s).dump() << "\n";
  return {};
}

} // namespace meterhub::um40_service

// libFuzzer target for everything in libs/um40 that reads bytes from outside: a tester's settings.ini, the sqlite3
// shell's output and the records and meters read back from it, values typed as text, and statements whose SQL and
// text come from the input rendered for the shell, and readings from the bus mapped to records. Input: a selector
// byte (mod 5) picks the decoder, then:
//   0 settings.ini text
//   1 column-count byte (1..40), record-type byte (index into record_types()), then sqlite3 shell output
//   2 a value's text, read as every value_kind
//   3 SQL, then text parameters, separated by 0xFF bytes
//   4 readings of 16 bytes each (quantity, unit, flags, time, value), mapped as two batches
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <tuple>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/um40/error.hpp"
#include "meterhub/um40/ini.hpp"
#include "meterhub/um40/mapping.hpp"
#include "meterhub/um40/readback.hpp"
#include "meterhub/um40/schema.hpp"
#include "meterhub/um40/shell.hpp"
#include "meterhub/um40/statements.hpp"
#include "meterhub/um40/value.hpp"

using namespace meterhub::um40;

namespace {

void require(bool holds) {
  if (!holds)
    std::abort();
}

/// Serialising must not throw either: device text need not be UTF-8, so invalid bytes are replaced.
void dump(const nlohmann::ordered_json& j) {
  require(j.is_object());
  (void) j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void fuzz_ini(std::string_view text) {
  auto ini = parse_ini(text);
  if (!ini) {
    require(ini.error() == um40_errc::bad_ini);
    return;
  }
  // Every key reads back as parsed through the case-insensitive lookup, and no key holds its delimiter.
  for (const auto& e : ini->defaults.entries)
    require(!e.key.empty() && ini->get("DEFAULT", e.key) == e.value);
  for (const auto& s : ini->named)
    for (const auto& e : s.entries)
      require(!e.key.empty() && e.key.find_first_of("=:") == std::string::npos && ini->get(s.name, e.key) == e.value);
  for (const auto& name : ini->sections()) {
    auto c = connection_from_ini(*ini, name);
    if (!c) {
      require(c.error() == um40_errc::missing_setting || c.error() == um40_errc::bad_ini);
      continue;
    }
    require(c->port >= 1 && c->port <= 65535 && !c->host.empty() && !c->user.empty());
    require(c->password == ini->get(name, "user_password").value_or(""));
  }
  (void) connection_from_ini(*ini, "DEFAULT");
}

/// Parses `output` as rows of `columns` fields; every row must have exactly that many.
caf::expected<std::vector<row>> rows_of(std::string_view output, std::size_t columns) {
  auto rows = parse_rows(output, columns);
  if (!rows) {
    require(rows.error() == um40_errc::bad_output);
    return rows;
  }
  for (const auto& r : *rows)
    require(r.size() == columns);
  return rows;
}

void read_back(const record_type& type, const std::vector<row>& rows) {
  if (auto records = records_from_rows(type, rows))
    for (const auto& r : *records) {
      require(r.rec.type == &type);
      dump(to_json(r));
    }
  if (auto meters = meters_from_rows(rows))
    for (const auto& m : *meters)
      dump(to_json(m));
}

void fuzz_output(std::string_view input) {
  if (input.size() < 2)
    return;
  const std::size_t columns = 1 + static_cast<std::uint8_t>(input[0]) % 40;
  const auto& type = record_types()[static_cast<std::uint8_t>(input[1]) % record_types().size()];
  const auto output = input.substr(2);
  (void) committed(output);
  if (auto rows = rows_of(output, columns))
    read_back(type, *rows); // mostly the wrong field count: the readers must refuse it, not index past it
  if (auto rows = rows_of(output, record_columns(type)))
    read_back(type, *rows);
  if (auto rows = rows_of(output, meter_columns))
    read_back(type, *rows);
}

void fuzz_value(std::string_view text) {
  for (auto kind : {value_kind::real, value_kind::integer, value_kind::flag, value_kind::text}) {
    auto v = parse_value("fuzz", kind, text);
    if (!v) {
      require(v.error() == um40_errc::bad_value);
      continue;
    }
    // What parsed is of its kind, so it survives coerce unchanged and becomes a literal unless it holds a NUL.
    auto again = coerce("fuzz", kind, *v);
    require(again && *again == *v);
    auto literal = to_sql_literal(*v);
    require(literal || text.find('\0') != std::string_view::npos);
  }
}

/// A text literal is the text in single quotes with every quote doubled: no quote run inside is ever odd.
void check_text_literal(const std::string& text) {
  auto literal = to_sql_literal(value{text});
  if (text.find('\0') != std::string::npos) {
    require(!literal && literal.error() == um40_errc::bad_text);
    return;
  }
  require(literal && literal->size() >= 2 && literal->front() == '\'' && literal->back() == '\'');
  std::string undone;
  for (std::size_t i = 1; i + 1 < literal->size(); ++i) {
    if ((*literal)[i] == '\'')
      require((*literal)[++i] == '\'' && i + 1 < literal->size());
    undone += (*literal)[i];
  }
  require(undone == text);
  auto alone = render({"?1", {value{text}}});
  require(alone && *alone == *literal);
}

void fuzz_render(std::string_view input) {
  std::vector<std::string_view> pieces;
  for (std::size_t from = 0;;) {
    const auto end = input.find('\xff', from);
    pieces.push_back(input.substr(from, end == std::string_view::npos ? end : end - from));
    if (end == std::string_view::npos)
      break;
    from = end + 1;
  }
  statement s{std::string{pieces[0]}, {}};
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    s.params.emplace_back(std::string{pieces[i]});
    check_text_literal(std::string{pieces[i]});
  }
  s.params.insert(s.params.end(), {value{std::int64_t(input.size()) - 7}, value{0.1}, value{}});
  auto sql = render(s);
  if (s.sql.find('?') == std::string::npos)
    require(sql && *sql == s.sql);
  if (sql) {
    require(static_cast<bool>(query_script(s)));
    require(static_cast<bool>(write_script({s})));
  }
}

/// The quantities the mapper knows, and some it must refuse; a byte past the table picks a garbled one.
constexpr const char* quantities[] = {
  "1-0:1.8.0", "1-0:1.8.1", "1-0:2.8.4", "1-0:3.8.0", "1-0:4.8.0", "1-0:32.7.0", "1-0:31.7.0", "1-0:21.7.0",
  "1-0:1.7.0", "1-0:13.7.0", "1-0:14.7.0", "1-0:81.7.21", "1-0:1.29.0", "1-0:2.5.0", "1-0:99.97.0",
  "x:journal.ElJrnlOpen", "x:journal.ElDayEnergy", "x:journal.", "1-0:1.8.5", "0-0:96.1.1", "1-0:1.8", "x:",
};

std::vector<meterhub::reading> readings_of(std::string_view input) {
  std::vector<meterhub::reading> out;
  for (std::size_t at = 0; at + 16 <= input.size(); at += 16) {
    const auto* b = reinterpret_cast<const std::uint8_t*>(input.data() + at);
    meterhub::reading r;
    const auto q = b[0] % (std::size(quantities) + 1);
    r.quantity = q < std::size(quantities) ? quantities[q] : std::string(input.substr(at + 1, 6));
    r.unit = static_cast<meterhub::unit>(b[1] % 16);
    r.flags = static_cast<std::uint32_t>(b[2]) | (static_cast<std::uint32_t>(b[3] & 1) << 8);
    std::int32_t seconds = 0;
    std::memcpy(&seconds, b + 4, 4);
    r.time_ms = 1'790'000'000'000 + std::int64_t{seconds} * 1000; // around 2026, whole seconds either side
    double v = 0;
    std::memcpy(&v, b + 8, 8);
    if (b[3] & 2)
      r.value = v;
    else if (b[3] & 4)
      r.value = static_cast<double>(static_cast<std::int16_t>(b[8] | b[9] << 8)); // small, plausible numbers
    out.push_back(std::move(r));
  }
  return out;
}

/// A record's key in meter.db: type, timestamp and, for a journal, the event code.
std::tuple<std::string_view, std::int64_t, value> key_of(const record& r) {
  auto event = r.values.find("event");
  return {r.type->name, r.timestamp, is_journal(*r.type) && event != r.values.end() ? event->second : value{}};
}

/// The profile records of a batch, comparable.
std::vector<std::tuple<std::int64_t, bool, std::map<std::string, value, std::less<>>>> profiles_of(
  const mapped_batch& b) {
  std::vector<std::tuple<std::int64_t, bool, std::map<std::string, value, std::less<>>>> out;
  for (const auto& r : b.records)
    if (r.type->name == "ElArr1ConsPower")
      out.emplace_back(r.timestamp, r.valid, r.values);
  return out;
}

/// Every reading is counted once, no batch holds one record twice, every record becomes statements the device's
/// shell can take, and a mapper restored from the saved profile points derives the same profiles as one that ran on.
void fuzz_mapping(std::string_view input) {
  device_assignment who;
  who.device = "fuzz";
  who.meter.meter_id = 77;
  who.profile_minutes = input.empty() ? 30 : 1 + static_cast<std::uint8_t>(input[0]) % 60;
  reading_mapper mapper{{std::chrono::minutes{180}, 300}};
  reading_mapper restarted{{std::chrono::minutes{180}, 300}};
  auto all = readings_of(input.empty() ? input : input.substr(1));
  const auto half = all.size() / 2;
  bool second = false;
  for (auto batch : {std::vector<meterhub::reading>(all.begin(), all.begin() + static_cast<long>(half)),
                     std::vector<meterhub::reading>(all.begin() + static_cast<long>(half), all.end())}) {
    auto out = mapper.map(who, batch);
    require(out.used + out.unmapped + out.dropped == batch.size());
    std::set<std::tuple<std::string_view, std::int64_t, value>> keys;
    for (const auto& r : out.records) {
      require(r.type != nullptr && r.meter_id == 77);
      require(keys.insert(key_of(r)).second);
      auto statements = injection_statements(r);
      require(static_cast<bool>(statements));
      for (const auto& st : *statements)
        require(static_cast<bool>(render(st)));
    }
    if (second)
      require(profiles_of(restarted.map(who, batch)) == profiles_of(out));
    restarted.restore_profiles(mapper.unsaved_profiles());
    mapper.profiles_saved();
    second = true;
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string_view input{reinterpret_cast<const char*>(data + 1), size - 1};
  switch (data[0] % 5) {
    case 0:
      fuzz_ini(input);
      break;
    case 1:
      fuzz_output(input);
      break;
    case 2:
      fuzz_value(input);
      break;
    case 3:
      fuzz_render(input);
      break;
    default:
      fuzz_mapping(input);
      break;
  }
  return 0;
}

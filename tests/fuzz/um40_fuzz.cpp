// libFuzzer target for everything in libs/um40 that reads bytes from outside: a tester's settings.ini, the sqlite3
// shell's output and the records and meters read back from it, values typed as text, and statements whose SQL and
// text come from the input rendered for the shell. Input: a selector byte (mod 4) picks the decoder, then:
//   0 settings.ini text
//   1 column-count byte (1..40), record-type byte (index into record_types()), then sqlite3 shell output
//   2 a value's text, read as every value_kind
//   3 SQL, then text parameters, separated by 0xFF bytes
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/um40/error.hpp"
#include "meterhub/um40/ini.hpp"
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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string_view input{reinterpret_cast<const char*>(data + 1), size - 1};
  switch (data[0] % 4) {
    case 0:
      fuzz_ini(input);
      break;
    case 1:
      fuzz_output(input);
      break;
    case 2:
      fuzz_value(input);
      break;
    default:
      fuzz_render(input);
      break;
  }
  return 0;
}

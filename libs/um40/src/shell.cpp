#include "meterhub/um40/shell.hpp"

#include "meterhub/um40/error.hpp"
#include "meterhub/um40/schema.hpp"

namespace meterhub::um40 {

namespace {

constexpr char field_separator = '\x1f';
constexpr char row_separator = '\x1e';
constexpr std::string_view null_marker = "\x1dNULL\x1d";

/// The shell resolves the octal escapes itself, so the script stays printable.
constexpr std::string_view preamble = ".bail on\n"
                                      ".timeout 5000\n"
                                      ".headers off\n"
                                      ".mode list\n"
                                      ".separator \"\\037\" \"\\036\"\n"
                                      ".nullvalue \"\\035NULL\\035\"\n"
                                      "PRAGMA foreign_keys=ON;\n";

std::string printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 120)) {
    if (c == field_separator)
      out += "<US>";
    else if (static_cast<unsigned char>(c) < 0x20)
      out += "<" + std::to_string(static_cast<unsigned char>(c)) + ">";
    else
      out += c;
  }
  return text.size() > 120 ? out + "…" : out;
}

std::string commit_tail() {
  return "COMMIT;\nSELECT '" + std::string{commit_marker} + "';\n";
}

} // namespace

caf::expected<std::string> write_script(const std::vector<statement>& batch) {
  std::string script{preamble};
  script += "BEGIN IMMEDIATE;\n";
  for (const auto& s : batch) {
    auto sql = render(s);
    if (!sql)
      return sql.error();
    script += *sql;
    script += ";\n";
  }
  return script + commit_tail();
}

caf::expected<std::string> query_script(const statement& query) {
  auto sql = render(query);
  if (!sql)
    return sql.error();
  return std::string{preamble} + *sql + ";\n";
}

std::string schema_script() {
  return std::string{preamble} + "BEGIN IMMEDIATE;\n" + create_schema_sql() + commit_tail();
}

caf::expected<std::vector<row>> parse_rows(std::string_view output, std::size_t columns) {
  std::vector<row> rows;
  if (output.empty())
    return rows;
  if (output.back() != row_separator)
    return make_error(um40_errc::bad_output, "the sqlite3 output does not end with a row: \"" +
                                                 printable(output.substr(output.size() - std::min<std::size_t>(output.size(), 60))) + "\"");
  for (std::size_t from = 0; from < output.size();) {
    const auto end = output.find(row_separator, from);
    const auto line = output.substr(from, end - from);
    row r;
    for (std::size_t f = 0;;) {
      const auto sep = line.find(field_separator, f);
      const auto field = line.substr(f, sep == std::string_view::npos ? std::string_view::npos : sep - f);
      r.push_back(field == null_marker ? std::nullopt : std::optional<std::string>{std::string{field}});
      if (sep == std::string_view::npos)
        break;
      f = sep + 1;
    }
    if (r.size() != columns)
      return make_error(um40_errc::bad_output, "expected " + std::to_string(columns) + " fields, got " +
                                                   std::to_string(r.size()) + " in \"" + printable(line) + "\"");
    rows.push_back(std::move(r));
    from = end + 1;
  }
  return rows;
}

bool committed(std::string_view output) {
  const std::string tail = std::string{commit_marker} + row_separator;
  return output.size() >= tail.size() && output.substr(output.size() - tail.size()) == tail;
}

} // namespace meterhub::um40
